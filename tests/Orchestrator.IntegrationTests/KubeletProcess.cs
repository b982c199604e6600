using System.Diagnostics;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// A real <c>orchestrator kubelet</c> in a child process (a worker node outside the control plane's process) against
/// a cluster's admin.conf, with its output kept line by line with the time each line arrived.
/// </summary>
public sealed class KubeletProcess : IAsyncDisposable
{
    private readonly List<(string Line, DateTime At)> _lines = [];
    private readonly Process _process;
    private readonly string _dataDir;

    private KubeletProcess(Process process, string dataDir)
    {
        _process = process;
        _dataDir = dataDir;
    }

    public IReadOnlyList<(string Line, DateTime At)> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public string Output => string.Join('\n', Lines.Select(l => l.Line));

    public static async Task<KubeletProcess> StartAsync(string kubeconfig, string nodeName, string config)
    {
        var dataDir = Directory.CreateTempSubdirectory("orchestrator-it-kubelet-").FullName;
        var configFile = Path.Combine(dataDir, "kubelet.conf");
        // As in ClusterProcess: no service proxy unless the test turns it on (the cluster's own would serve the same addresses).
        await File.WriteAllTextAsync(configFile, "orchestrator.proxy.enabled = off\n" + config);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[ClusterProcess.ExecutablePath, "kubelet", "--kubeconfig", kubeconfig, "--node-name", nodeName, "--data-dir", dataDir, "--config", configFile])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start orchestrator kubelet");
        var kubelet = new KubeletProcess(process, dataDir);
        process.OutputDataReceived += (_, e) => kubelet.Append(e.Data);
        process.ErrorDataReceived += (_, e) => kubelet.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return kubelet;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Stops it with SIGTERM (a graceful node shutdown), killing it if it is still there after 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_lines)
            {
                _lines.Add((line, DateTime.UtcNow));
            }
        }
    }
}
