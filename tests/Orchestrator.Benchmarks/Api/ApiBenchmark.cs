using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Client.Config;
using Orchestrator.Persistence;
using Orchestrator.Persistence.Sqlite;

namespace Orchestrator.Benchmarks.Api;

/// <summary>
/// The gateway end to end: the real executable over HTTPS on loopback. Pod creates from 16 keep-alive
/// clients, a list of 10,000 pods, and watch fan-out to 100 watchers; beside the journal's raw append
/// rate measured on the same disk in the same run.
/// </summary>
internal static class ApiBenchmark
{
    private const int Clients = 16;
    private const int Pods = 10_000;
    private const int WarmUpBatch = 2_000;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);
    private const int Watchers = 100;
    private const int WatchEvents = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        var report = new Report();
        var dataDir = Directory.CreateTempSubdirectory("orchestrator-bench-").FullName;
        Console.WriteLine($"api benchmark — {Environment.ProcessorCount} cores; data in {dataDir}");
        var rawAppends = await RawJournalAppendsAsync(Path.Combine(dataDir, "raw"));
        using var process = StartCluster(dataDir, out var port);
        try
        {
            using var client = CreateClient(Path.Combine(dataDir, "admin.conf"));
            // Steady state, as a long-running API server is: connections open and the hot paths through the
            // tiered JIT, which keeps compiling for several seconds after start (measured: 2,500-3,300
            // creates/s after a 5,000-pod warm-up, 4,600-6,500 after 20,000). Warm-up pods go to another
            // namespace, so the list below still holds exactly the measured 10,000.
            var warmUp = Stopwatch.StartNew();
            for (var batch = 0; warmUp.Elapsed < WarmUp; batch++)
            {
                await CreatesAsync(client, WarmUpBatch, "kube-system", $"warm{batch}");
            }

            // The server's own CPU per create: steadier than the rate when other load shares the machine.
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var (perSecond, p50, p99) = await CreatesAsync(client, Pods, "default", "pod");
            process.Refresh();
            var cpuPerCreate = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / Pods;
            report.Row("pod creates (16 clients)", perSecond, "creates/s", rawAppends, "raw journal appends/s");
            report.Row("create latency p50", p50, "ms");
            report.Row("create latency p99", p99, "ms");
            report.Row("server CPU per create", cpuPerCreate, "µs");

            var list = await ListAsync(client);
            report.Row("list of 10,000 pods", list, "ms");

            var (watchP50, watchP99) = await WatchFanOutAsync(client);
            report.Row("watch delivery p50 (100 watchers)", watchP50, "ms");
            report.Row("watch delivery p99 (100 watchers)", watchP99, "ms");

            report.Set("creates_per_s", perSecond);
            report.Set("create_p50_ms", p50);
            report.Set("create_p99_ms", p99);
            report.Set("server_cpu_us_per_create", cpuPerCreate);
            report.Set("list_10k_ms", list);
            report.Set("watch_p50_ms", watchP50);
            report.Set("watch_p99_ms", watchP99);
            report.Set("journal_raw_appends_per_s", rawAppends);
            report.PrintJson();
            return 0;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<(double PerSecond, double P50, double P99)> CreatesAsync(HttpClient client, int count, string ns, string prefix)
    {
        var latencies = new ConcurrentBag<double>();
        var next = -1;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var start = Stopwatch.GetTimestamp();
                using var content = new StringContent(PodManifest($"{prefix}-{i}"), Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(new Uri($"/api/v1/namespaces/{ns}/pods", UriKind.Relative), content);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"create failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }

                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })));
        var elapsed = sw.Elapsed.TotalSeconds;
        var sorted = latencies.Order().ToArray();
        return (count / elapsed, sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)]);
    }

    private static async Task<double> ListAsync(HttpClient client)
    {
        var samples = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(new Uri("/api/v1/namespaces/default/pods?labelSelector=app%3Dbench", UriKind.Relative));
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i == 0)
            {
                var items = JsonNode.Parse(body)!["items"]!.AsArray().Count;
                if (items < Pods)
                {
                    throw new InvalidOperationException($"the list held {items} pods, expected at least {Pods}");
                }
            }

            samples.Add(elapsed);
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }

    private static async Task<(double P50, double P99)> WatchFanOutAsync(HttpClient client)
    {
        using var list = await client.GetAsync(new Uri("/api/v1/namespaces/default/configmaps", UriKind.Relative));
        var from = JsonNode.Parse(await list.Content.ReadAsStringAsync())!["metadata"]!["resourceVersion"]!.GetValue<string>();
        var sent = new ConcurrentDictionary<string, long>();
        var latencies = new ConcurrentBag<double>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var watchers = Enumerable.Range(0, Watchers).Select(_ => Task.Run(async () =>
        {
            using var response = await client.GetAsync(
                new Uri($"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={from}", UriKind.Relative),
                HttpCompletionOption.ResponseHeadersRead,
                cts.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
            var seen = 0;
            while (seen < WatchEvents && await reader.ReadLineAsync(cts.Token) is { } line)
            {
                var now = Stopwatch.GetTimestamp();
                var name = JsonNode.Parse(line)!["object"]!["metadata"]!["name"]!.GetValue<string>();
                latencies.Add(Stopwatch.GetElapsedTime(sent[name], now).TotalMilliseconds);
                seen++;
            }
        })).ToArray();
        await Task.Delay(1000); // let every watcher connect

        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < WatchEvents)
            {
                var name = $"watched-{i}";
                sent[name] = Stopwatch.GetTimestamp();
                using var content = new StringContent("{\"metadata\":{\"name\":\"" + name + "\"}}", Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(new Uri("/api/v1/namespaces/default/configmaps", UriKind.Relative), content);
                response.EnsureSuccessStatusCode();
                await Task.Delay(2);
            }
        })));
        await Task.WhenAll(watchers);
        var sorted = latencies.Order().ToArray();
        return (sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)]);
    }

    /// <summary>The floor: the same journal appends the entities make (1 KiB events, 16 writers), without HTTP or actors.</summary>
    private static async Task<double> RawJournalAppendsAsync(string dir)
    {
        Directory.CreateDirectory(dir);
        await using var journal = new SqliteJournal(new SqliteJournalSettings(Path.Combine(dir, "journal.db")));
        var payload = new byte[1024];
        var total = 0L;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(w => Task.Run(async () =>
        {
            long seq = 0;
            while (sw.Elapsed < TimeSpan.FromSeconds(3))
            {
                await journal.WriteAsync($"raw-{w}", seq, [new SerializedEvent("e", payload)]);
                seq++;
                Interlocked.Increment(ref total);
            }
        })));
        return total / sw.Elapsed.TotalSeconds;
    }

    private static string PodManifest(string name) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"bench\",\"tier\":\"web\"}},"
        + "\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"busybox:local\",\"command\":[\"sleep\",\"3600\"],"
        + "\"ports\":[{\"containerPort\":8080}],\"env\":[{\"name\":\"MODE\",\"value\":\"bench\"}],"
        + "\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"64Mi\"},\"limits\":{\"cpu\":\"200m\",\"memory\":\"128Mi\"}}}]}}";

    private static Process StartCluster(string dataDir, out int port)
    {
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var path = typeof(ApiBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OrchestratorPath").Value!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[path, "up", "--data-dir", dataDir, "--listen", $"127.0.0.1:{port}"])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(Path.Combine(dataDir, "ready")))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("orchestrator did not become ready");
            }

            Thread.Sleep(50);
        }

        return process;
    }

    private static HttpClient CreateClient(string adminConf)
    {
        var kubeconfig = Kubeconfig.Load(adminConf);
        var context = kubeconfig.Contexts[kubeconfig.CurrentContext!];
        var cluster = kubeconfig.Clusters[context.Cluster];
        var ca = X509Certificate2.CreateFromPem(cluster.CertificateAuthorityData!);
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients + Watchers + 4, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(new X509Certificate2(certificate));
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(cluster.Server!), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", kubeconfig.Users[context.User].Token);
        return client;
    }
}
