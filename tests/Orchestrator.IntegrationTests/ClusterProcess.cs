using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The real executable, <c>orchestrator up</c>, in a child process on a loopback port with its own data
/// directory, and an HTTPS client that trusts only the cluster CA from the admin.conf it writes.
/// </summary>
public sealed partial class ClusterProcess : IAsyncDisposable
{
    // Every child still running when the test host exits is stopped, so an aborted run leaves no cluster behind.
    private static readonly List<Process> Running = [];

    private readonly StringBuilder _output = new();
    private Process? _process;

    static ClusterProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        lock (Running)
        {
            foreach (var process in Running.Where(p => !p.HasExited))
            {
                process.Kill(entireProcessTree: true);
            }
        }
    };

    private ClusterProcess(string dataDir, int port, string? configFile)
    {
        DataDir = dataDir;
        Port = port;
        ConfigFile = configFile;
    }

    public string DataDir { get; }

    public int Port { get; }

    public string? ConfigFile { get; }

    public string AdminConf => Path.Combine(DataDir, "admin.conf");

    public HttpClient Client { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ClusterProcess> StartAsync(string? config = null, string? dataDir = null, int? port = null)
    {
        dataDir ??= Directory.CreateTempSubdirectory("orchestrator-it-").FullName;

        // The control-plane tests count nodes and spread pods over simulated ones: no kubelet node of this
        // machine, no service proxy or cluster DNS binding Service addresses, and no cloud controller manager handing
        // out load-balancer addresses, unless a test's config turns them back on (its lines come after these).
        var configFile = Path.Combine(dataDir, "test.conf");
        await File.WriteAllTextAsync(configFile, "orchestrator.kubelet.enabled = off\norchestrator.proxy.enabled = off\norchestrator.dns.enabled = off\norchestrator.cloud.enabled = off\n" + config);

        for (var attempt = 1; ; attempt++)
        {
            var cluster = new ClusterProcess(dataDir, port ?? FreePort(), configFile);
            try
            {
                await cluster.StartProcessAsync();
                return cluster;
            }
            catch (InvalidOperationException) when (port is null && attempt < 3 && cluster.Output.Contains("address already in use", StringComparison.Ordinal))
            {
                // FreePort's port was free when it looked, but a parallel test's process (or a connection) took it
                // before this one bound it: another port.
            }
        }
    }

    /// <summary>Starts the process again on the same data directory and port (a restart).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    /// <summary>Stops the process, leaves the API down for <paramref name="down"/>, then starts it again on the same data and port.</summary>
    public async Task RestartAfterAsync(TimeSpan down)
    {
        await StopAsync();
        await Task.Delay(down);
        await StartProcessAsync();
    }

    /// <summary>Stops with SIGTERM, as a user's Ctrl-C or a service manager would.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        Client.Dispose();
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                throw new InvalidOperationException("orchestrator did not stop within 20 s of SIGTERM:\n" + Output);
            }
        }

        lock (Running)
        {
            Running.Remove(_process);
        }

        _process.Dispose();
        _process = null;
    }

    /// <summary>Kills the process with SIGKILL (no shutdown code runs), then starts it again on the same data.</summary>
    public async Task CrashAndRestartAsync()
    {
        if (_process is not null)
        {
            Client.Dispose();
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            lock (Running)
            {
                Running.Remove(_process);
            }

            _process.Dispose();
            _process = null;
        }

        await StartProcessAsync();
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string ExecutablePath =>
        typeof(ClusterProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OrchestratorPath").Value!;

    private async Task StartProcessAsync()
    {
        File.Delete(Path.Combine(DataDir, "ready"));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[ExecutablePath, "up", "--data-dir", DataDir, "--listen", $"127.0.0.1:{Port}"])
        {
            start.ArgumentList.Add(arg);
        }

        if (ConfigFile is not null)
        {
            start.ArgumentList.Add("--config");
            start.ArgumentList.Add(ConfigFile);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start orchestrator");
        lock (Running)
        {
            Running.Add(_process);
        }

        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var ready = Path.Combine(DataDir, "ready");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(ready))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                if (_process.HasExited)
                {
                    // Until the output's end has been read, so that the message below holds all of it.
                    await _process.WaitForExitAsync();
                }

                throw new InvalidOperationException($"orchestrator did not become ready (exited: {_process.HasExited}):\n{Output}");
            }

            await Task.Delay(50);
        }

        Client = CreateClient();
    }

    private HttpClient CreateClient()
    {
        // Everything the client needs comes from admin.conf, as it would for kubectl.
        var kubeconfig = Orchestrator.Client.Config.Kubeconfig.Load(AdminConf);
        var context = kubeconfig.Contexts[kubeconfig.CurrentContext!];
        var cluster = kubeconfig.Clusters[context.Cluster];
        var user = kubeconfig.Users[context.User];
        var ca = X509Certificate2.CreateFromPem(cluster.CertificateAuthorityData!);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            if (certificate is null)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(cluster.Server!), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return client;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
