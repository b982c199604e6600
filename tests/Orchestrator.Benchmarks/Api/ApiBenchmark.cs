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
/// rate measured on the same disk in the same run. Then a sustained phase (<see cref="SustainedCreates"/>):
/// at least 60,000 creates over at least 20 s from 16 HTTP/1.1 TLS connections, every request's latency,
/// and the server's resident memory per stored pod.
/// </summary>
internal static class ApiBenchmark
{
    private const int Clients = 16;
    private const int Pods = 10_000;
    private const int WarmUpBatch = 2_000;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);
    private const int Watchers = 100;
    private const int WatchEvents = 1000;

    // Targets the sustained phase is held to.
    private const double TargetCreatesPerSecond = 3000;
    private const double TargetP99Ms = 25;
    private const double TargetMaxMs = 100;
    private const double TargetKbPerPod = 5;

    private sealed record ServerRun(
        double CreatesPerSecond,
        double CreateP50Ms,
        double CreateP99Ms,
        double CpuPerCreateUs,
        double ListMs,
        double WatchP50Ms,
        double WatchP99Ms,
        SustainedCreates.Result Sustained,
        int PodsBeforeSustained);

    public static async Task<int> RunAsync(string[] args)
    {
        var report = new Report();
        var root = Directory.CreateTempSubdirectory("orchestrator-bench-").FullName;
        Console.WriteLine($"api benchmark — {Environment.ProcessorCount} cores; data in {root}");
        try
        {
            var rawAppends = await RawJournalAppendsAsync(Path.Combine(root, "raw"));
            // The watch history's capacity pinned at its default, so that its share below is computed for what the server holds.
            var configFile = Path.Combine(root, "server.conf");
            // No kubelet: the benchmark's pods would be scheduled onto this machine and started for real.
            await File.WriteAllTextAsync(configFile, $"orchestrator.api.watch-history = {WatchHistoryShare.Capacity}\norchestrator.kubelet.enabled = off\n");
            var run = await RunServerAsync(Path.Combine(root, "server"), configFile);
            report.Row("pod creates (16 clients)", run.CreatesPerSecond, "creates/s", rawAppends, "raw journal appends/s");
            report.Row("create latency p50", run.CreateP50Ms, "ms");
            report.Row("create latency p99", run.CreateP99Ms, "ms");
            report.Row("server CPU per create", run.CpuPerCreateUs, "µs");
            report.Row("list of 10,000 pods", run.ListMs, "ms");
            report.Row("watch delivery p50 (100 watchers)", run.WatchP50Ms, "ms");
            report.Row("watch delivery p99 (100 watchers)", run.WatchP99Ms, "ms");
            var sustained = run.Sustained;
            PrintSustained(report, sustained);

            // Every pod change so far is one create: the warm-up's, the measured 10,000, the sustained phase's warm-up and its own.
            var podChangesBefore = run.PodsBeforeSustained + sustained.WarmUpCreates;
            var podChangesAfter = podChangesBefore + sustained.Creates;
            var historyKbPerPod = (WatchHistoryShare.Bytes(podChangesAfter) - WatchHistoryShare.Bytes(podChangesBefore)) / 1024.0 / sustained.Creates;
            var historyMb = WatchHistoryShare.Bytes(podChangesAfter) / 1024.0 / 1024.0;
            report.Row("watch history's share of RSS per pod (computed)", historyKbPerPod, "KB/pod");
            report.Row($"watch history of pods ({Math.Min(podChangesAfter, WatchHistoryShare.Capacity):N0} changes, computed)", historyMb, "MB");
            report.Row($"  per stored pod ({podChangesAfter:N0} pods)", WatchHistoryShare.Bytes(podChangesAfter) / (double)podChangesAfter, "bytes/pod");
            Console.WriteLine(sustained.SampledPodsChanged == 0
                ? $"  (pods unchanged since their create: checked on {sustained.SampledPods} of the sustained phase's)"
                : $"  note: {sustained.SampledPodsChanged} of {sustained.SampledPods} sampled pods changed after their create: the history also "
                    + "holds superseded objects, which the computed share leaves out");

            report.Set("creates_per_s", run.CreatesPerSecond);
            report.Set("create_p50_ms", run.CreateP50Ms);
            report.Set("create_p99_ms", run.CreateP99Ms);
            report.Set("server_cpu_us_per_create", run.CpuPerCreateUs);
            report.Set("list_10k_ms", run.ListMs);
            report.Set("watch_p50_ms", run.WatchP50Ms);
            report.Set("watch_p99_ms", run.WatchP99Ms);
            report.Set("journal_raw_appends_per_s", rawAppends);
            report.Set("sustained_pods", sustained.Creates);
            report.Set("sustained_s", sustained.Seconds);
            report.Set("sustained_creates_per_s", sustained.PerSecond);
            report.Set("sustained_p50_ms", sustained.P50Ms);
            report.Set("sustained_p99_ms", sustained.P99Ms);
            report.Set("sustained_max_ms", sustained.MaxMs);
            report.Set("sustained_longest_stall_ms", sustained.LongestStallMs);
            report.Set("sustained_server_gc_cpu_percent", sustained.ServerGcCpuShare * 100);
            report.Set("server_rss_after_sustained_mb", sustained.RssAfterKb / 1024.0);
            report.Set("rss_kb_per_pod", sustained.RssKbPerPod);
            report.Set("watch_history_kb_per_pod", historyKbPerPod);
            report.Set("watch_history_mb", historyMb);
            report.PrintJson();
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>One fresh server through every phase, in order; killed at the end.</summary>
    private static async Task<ServerRun> RunServerAsync(string dataDir, string configFile)
    {
        using var process = StartCluster(dataDir, configFile, out _);
        try
        {
            var adminConf = Path.Combine(dataDir, "admin.conf");
            using var client = CreateClient(adminConf, Clients + Watchers + 4);
            // Steady state, as a long-running API server is: connections open and the hot paths through the
            // tiered JIT, which keeps compiling for several seconds after start (measured: 2,500-3,300
            // creates/s after a 5,000-pod warm-up, 4,600-6,500 after 20,000). Warm-up pods go to another
            // namespace, so the list below still holds exactly the measured 10,000.
            var warmUp = Stopwatch.StartNew();
            var warmUpPods = 0;
            for (var batch = 0; warmUp.Elapsed < WarmUp; batch++)
            {
                await CreatesAsync(client, WarmUpBatch, "kube-system", $"warm{batch}");
                warmUpPods += WarmUpBatch;
            }

            // The server's own CPU per create: steadier than the rate when other load shares the machine.
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var (perSecond, p50, p99) = await CreatesAsync(client, Pods, "default", "pod");
            process.Refresh();
            var cpuPerCreate = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / Pods;
            var list = await ListAsync(client);
            var (watchP50, watchP99) = await WatchFanOutAsync(client);
            var sustained = await SustainedCreates.RunAsync(process, adminConf, "default", "sustained");
            return new ServerRun(perSecond, p50, p99, cpuPerCreate, list, watchP50, watchP99, sustained, warmUpPods + Pods);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static void PrintSustained(Report report, SustainedCreates.Result s)
    {
        var what = string.Create(CultureInfo.InvariantCulture, $"sustained creates ({s.Creates:N0} in {s.Seconds:F1} s)");
        report.Target(what, s.PerSecond, "creates/s", TargetCreatesPerSecond, higherIsBetter: true);
        report.Row("sustained latency p50", s.P50Ms, "ms");
        report.Target("sustained latency p99", s.P99Ms, "ms", TargetP99Ms);
        report.Target("sustained latency max", s.MaxMs, "ms", TargetMaxMs);
        report.Row("server RSS before / after the phase", s.RssBeforeKb / 1024.0, string.Create(CultureInfo.InvariantCulture, $"/ {s.RssAfterKb / 1024.0:N0} MB (peak {s.RssPeakKb / 1024.0:N0})"));
        report.Target("server RSS per stored pod", s.RssKbPerPod, "KB/pod", TargetKbPerPod);
        report.Row("server's dedicated GC threads' share of its CPU", s.ServerGcCpuShare * 100, "% (server/background GC only)");
        report.Row($"stalls: no request completed for > {SustainedCreates.StallMs:N0} ms", s.StallCount, "stalls");
        foreach (var stall in s.Stalls)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  at +{stall.AtSeconds,5:F1} s: {stall.Ms,6:F0} ms; in the {stall.WindowMs ?? 0:F0} ms sampled around it the server's GC threads ran "
                + $"{stall.ServerGcCpuMs ?? 0:F0} ms of CPU ({stall.ServerBackgroundGcCpuMs ?? 0:F0} ms of it background GC), its other threads {stall.ServerOtherCpuMs ?? 0:F0} ms; "
                + $"its threads waited {stall.ServerCpuWaitMs ?? 0:F0} ms for a CPU and it wrote {stall.ServerWrittenMb ?? 0:F1} MB; client GC paused {stall.ClientGcPauseMs ?? 0:F0} ms"));
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  client: {s.ConnectionsOpened} connections opened (HTTP/1.1, TLS); its own GC paused {s.ClientGcPauseMs:F0} ms in all, at most {s.ClientGcLongestInRequestMs:F1} ms within one request"));
        if (s.ConnectionsOpened != SustainedCreates.Connections)
        {
            Console.WriteLine($"  note: expected exactly {SustainedCreates.Connections} connections; some were reopened");
        }

        if (s.Creates < SustainedCreates.MinCreates)
        {
            Console.WriteLine($"  note: stopped at the {SustainedCreates.Limit.TotalSeconds:N0} s limit, short of {SustainedCreates.MinCreates:N0} creates");
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

    internal static string PodManifest(string name) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"bench\",\"tier\":\"web\"}},"
        + "\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"busybox:local\",\"command\":[\"sleep\",\"3600\"],"
        + "\"ports\":[{\"containerPort\":8080}],\"env\":[{\"name\":\"MODE\",\"value\":\"bench\"}],"
        + "\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"64Mi\"},\"limits\":{\"cpu\":\"200m\",\"memory\":\"128Mi\"}}}]}}";

    private static Process StartCluster(string dataDir, string? configFile, out int port)
    {
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var path = typeof(ApiBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OrchestratorPath").Value!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[path, "up", "--data-dir", dataDir, "--listen", $"127.0.0.1:{port}", .. configFile is null ? [] : (string[])["--config", configFile]])
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

    /// <summary>
    /// A client of the server in <paramref name="adminConf"/> with a pool of at most <paramref name="maxConnections"/>
    /// connections, speaking HTTP/1.1 only (as kubectl and wrk do over TLS); <paramref name="onConnect"/> is called for every connection opened.
    /// </summary>
    internal static HttpClient CreateClient(string adminConf, int maxConnections, Action? onConnect = null)
    {
        var kubeconfig = Kubeconfig.Load(adminConf);
        var context = kubeconfig.Contexts[kubeconfig.CurrentContext!];
        var cluster = kubeconfig.Clusters[context.Cluster];
        var ca = X509Certificate2.CreateFromPem(cluster.CertificateAuthorityData!);
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        };
        if (onConnect is not null)
        {
            handler.ConnectCallback = async (connect, token) =>
            {
                onConnect();
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(connect.DnsEndPoint, token);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(new X509Certificate2(certificate));
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = new Uri(cluster.Server!),
            Timeout = TimeSpan.FromMinutes(5),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", kubeconfig.Users[context.User].Token);
        return client;
    }
}
