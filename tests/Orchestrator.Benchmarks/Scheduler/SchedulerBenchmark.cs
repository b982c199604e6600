using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json.Nodes;
using Orchestrator.Benchmarks.Api;
using Orchestrator.Client;
using Orchestrator.Client.Config;

namespace Orchestrator.Benchmarks.Scheduler;

/// <summary>
/// The scheduler's throughput as a user sees it: an <c>orchestrator up</c> process and an <c>orchestrator simulate</c>
/// process with 5,000 nodes (cpu 8, memory 32Gi, pods 110), then 50,000 pods with requests created through the API
/// by many concurrent creators, timed from the first create until a watch has seen every pod bound. The same
/// with 500 nodes beside it; the API's create rate in the same run, and the up process's RSS at the end.
/// Then, at the first node count, the scheduler alone: the benchmark takes the kube-system/kube-scheduler Lease
/// from it (it stops within its renew deadline), creates a backlog of pods, gives the Lease back, and times from
/// then until the backlog is bound (a new leader's informers listing, then scheduling and binding).
/// Options: --pods N, --nodes A,B (first is the headline), --creators N, --backlog N (0: skip).
/// </summary>
internal static class SchedulerBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pods = IntOption(args, "--pods", 50_000);
        var creators = IntOption(args, "--creators", 64);
        var backlog = IntOption(args, "--backlog", 20_000);
        var nodeCounts = (Option(args, "--nodes") ?? "5000,500").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        var report = new Report();
        var results = new List<RunResult>();
        foreach (var nodes in nodeCounts)
        {
            var result = await RunOnceAsync(nodes, pods, creators, nodes == nodeCounts[0] ? backlog : 0);
            results.Add(result);
            report.Row($"pods bound per s, {nodes:N0} nodes", result.PodsPerSecond, "pods/s", 270, "kube-scheduler CI floor (5,000 nodes)");
            report.Row($"API creates per s, {nodes:N0} nodes", result.CreatesPerSecond, "creates/s");
            report.Row($"up RSS at the end, {nodes:N0} nodes", result.RssMb, "MiB");
            report.Row($"up CPU per pod, {nodes:N0} nodes", result.UpCpuMsPerPod, "ms");
            if (result.BacklogPodsPerSecond is { } alone)
            {
                report.Row($"scheduler alone, {backlog:N0} pending pods, {nodes:N0} nodes", alone, "pods/s", result.PodsPerSecond, "with creation");
                report.Set($"backlog_pods_per_s_{nodes}_nodes", alone);
            }
        }

        var headline = results[0];
        report.Target($"pods/s at {nodeCounts[0]:N0} nodes", headline.PodsPerSecond, "pods/s", 1000, higherIsBetter: true);
        report.Target("up RSS", results.Max(r => r.RssMb), "MiB", 2048);
        report.Set($"pods_per_s_{nodeCounts[0]}_nodes", headline.PodsPerSecond);
        if (results.Count > 1)
        {
            report.Set($"pods_per_s_{nodeCounts[1]}_nodes", results[1].PodsPerSecond);
        }

        report.Set("creates_per_s", headline.CreatesPerSecond);
        report.Set("rss_mb", results.Max(r => r.RssMb));
        report.Set("up_cpu_ms_per_pod", headline.UpCpuMsPerPod);
        report.PrintJson();
        return 0;
    }

    private sealed record RunResult(double PodsPerSecond, double CreatesPerSecond, double RssMb, double? BacklogPodsPerSecond, double UpCpuMsPerPod);

    /// <summary>A process's CPU time (user + system) so far: the cost per pod, which a busy machine slows less than the rate.</summary>
    private static double CpuSeconds(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime.TotalSeconds;
    }

    private static async Task<RunResult> RunOnceAsync(int nodes, int pods, int creators, int backlog)
    {
        var dataDir = Directory.CreateTempSubdirectory("orchestrator-sched-").FullName;
        Process? up = null;
        Process? simulate = null;
        try
        {
            // The simulated nodes only: no kubelet of this machine to take pods (ORCHESTRATOR_BENCH_UP_CONFIG adds settings).
            var config = Path.Combine(dataDir, "bench.conf");
            await File.WriteAllTextAsync(config, "orchestrator.kubelet.enabled = off\n"
                + (Environment.GetEnvironmentVariable("ORCHESTRATOR_BENCH_UP_CONFIG") is { Length: > 0 } extra ? await File.ReadAllTextAsync(extra) : ""));
            up = Start([OrchestratorPath, "up", "--data-dir", dataDir, "--listen", $"127.0.0.1:{FreePort()}", "--config", config]);
            var ready = Path.Combine(dataDir, "ready");
            var started = Stopwatch.StartNew();
            while (!File.Exists(ready))
            {
                if (up.HasExited || started.Elapsed > TimeSpan.FromSeconds(120))
                {
                    throw new InvalidOperationException("orchestrator up did not become ready");
                }

                await Task.Delay(50);
            }

            var adminConf = Path.Combine(dataDir, "admin.conf");
            using var client = KubeClient.FromKubeconfig(Kubeconfig.Load(adminConf));
            simulate = Start([OrchestratorPath, "simulate", "--nodes", nodes.ToString(CultureInfo.InvariantCulture), "--kubeconfig", adminConf,
                "--cpu", "8", "--memory", "32Gi", "--pods", "110"]);
            await WaitForReadyNodesAsync(client, nodes, simulate);
            Console.Error.WriteLine($"{nodes} nodes ready after {started.Elapsed.TotalSeconds:F1} s; creating {pods} pods with {creators} creators");

            // A watch counts the pods bound; the clock starts with the first create.
            using var stop = new CancellationTokenSource();
            var allBound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var watch = Task.Run(() => CountBoundAsync(client, "bench-", pods, allBound, stop.Token));
            var upCpu = CpuSeconds(up);
            var simulateCpu = CpuSeconds(simulate);
            var clock = Stopwatch.StartNew();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, creators).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < pods)
                {
                    await CreateWithRetryAsync(client, Pod($"bench-{i}"));
                }
            })));
            var createSeconds = clock.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"{pods} pods created in {createSeconds:F1} s");
            var timeout = Task.Delay(TimeSpan.FromMinutes(15));
            if (await Task.WhenAny(allBound.Task, timeout) == timeout)
            {
                throw new TimeoutException("not every pod was bound within 15 minutes");
            }

            var boundSeconds = clock.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"{pods} pods bound in {boundSeconds:F1} s");
            var rssMb = ServerSampler.ReadStatusKb(up.Id, "VmRSS") / 1024.0;
            var upMsPerPod = (CpuSeconds(up) - upCpu) * 1000 / pods;
            var simulateMsPerPod = (CpuSeconds(simulate) - simulateCpu) * 1000 / pods;
            Console.Error.WriteLine($"CPU per pod: up {upMsPerPod:F2} ms, simulate {simulateMsPerPod:F2} ms");
            await stop.CancelAsync();
            await watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            double? alone = backlog > 0 ? await BacklogAsync(client, backlog, creators) : null;
            return new RunResult(pods / boundSeconds, pods / createSeconds, rssMb, alone, upMsPerPod);
        }
        finally
        {
            await StopAsync(simulate);
            await StopAsync(up);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>Pods created while the scheduler does not lead, then bound once it leads again: its own rate.</summary>
    private static async Task<double> BacklogAsync(KubeClient client, int pods, int creators)
    {
        await SetLeaseHolderAsync(client, "bench-holder");

        // The scheduler finds the Lease taken at its next renewal and stops within its renew deadline (10 s).
        await Task.Delay(TimeSpan.FromSeconds(15));
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, creators).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < pods)
            {
                await CreateWithRetryAsync(client, Pod($"backlog-{i}"));
            }
        })));
        Console.Error.WriteLine($"{pods} backlog pods created");

        // A watch counts them bound; the clock starts as the Lease is given back.
        using var stop = new CancellationTokenSource();
        var allBound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = Task.Run(() => CountBoundAsync(client, "backlog-", pods, allBound, stop.Token));
        var clock = Stopwatch.StartNew();
        await SetLeaseHolderAsync(client, "");
        var timeout = Task.Delay(TimeSpan.FromMinutes(10));
        if (await Task.WhenAny(allBound.Task, timeout) == timeout)
        {
            throw new TimeoutException("the backlog was not bound within 10 minutes");
        }

        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Console.Error.WriteLine($"{pods} backlog pods bound {seconds:F1} s after the Lease was given back");
        return pods / seconds;
    }

    /// <summary>Writes the kube-scheduler Lease's holder: another's for an hour, or nobody's (released).</summary>
    private static async Task SetLeaseHolderAsync(KubeClient client, string holder)
    {
        for (var attempt = 0; ; attempt++)
        {
            var lease = await client.GetAsync(ResourceRef.Leases, "kube-system", "kube-scheduler");
            var spec = (JsonObject)lease["spec"]!;
            var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            spec["holderIdentity"] = holder;
            spec["leaseDurationSeconds"] = holder.Length == 0 ? 1 : 3600;
            spec["acquireTime"] = now;
            spec["renewTime"] = now;
            try
            {
                await client.UpdateAsync(ResourceRef.Leases, lease);
                return;
            }
            catch (KubeApiException e) when (e.IsConflict && attempt < 10)
            {
                // Renewed meanwhile: read it again.
            }
        }
    }

    private static async Task CountBoundAsync(KubeClient client, string prefix, int pods, TaskCompletionSource allBound, CancellationToken ct)
    {
        var bound = new HashSet<string>(StringComparer.Ordinal);
        var options = new ListWatchOptions { PageSize = 500, WatchTimeoutSeconds = 3600 };
        await foreach (var e in client.ListWatchAsync(ResourceRef.Pods, "default", options, ct))
        {
            IEnumerable<JsonObject> objects = e.Type == WatchEventType.Resync ? e.Items : [e.Object];
            foreach (var pod in objects)
            {
                if (pod["spec"]?["nodeName"] is not null && pod["metadata"]?["name"]?.GetValue<string>() is { } name && name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    bound.Add(name);
                }
            }

            if (bound.Count >= pods)
            {
                allBound.TrySetResult();
            }
        }
    }

    private static async Task CreateWithRetryAsync(KubeClient client, JsonObject pod)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.CreateAsync(ResourceRef.Pods, pod);
                return;
            }
            catch (KubeApiException e) when (e.IsAlreadyExists)
            {
                return;
            }
            catch (Exception e) when (attempt < 5 && e is KubeApiException or HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(100 * (attempt + 1));
            }
        }
    }

    private static async Task WaitForReadyNodesAsync(KubeClient client, int nodes, Process simulate)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var list = await client.ListAsync(ResourceRef.Nodes, options: new ListOptions { Limit = 100_000 });
            var ready = list.Items.Count(node => node["status"]?["conditions"] is JsonArray conditions
                && conditions.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True"));
            if (ready >= nodes)
            {
                return;
            }

            if (simulate.HasExited || deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new InvalidOperationException($"only {ready} of {nodes} simulated nodes became Ready");
            }

            await Task.Delay(500);
        }
    }

    private static JsonObject Pod(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["labels"] = new JsonObject { ["app"] = "bench" } },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "app",
                ["image"] = "busybox",
                // 50,000 of these fit on 500 nodes of 8 cpu and 32Gi as well as on 5,000.
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "50m", ["memory"] = "64Mi" } },
            }),
        },
    };

    private static string OrchestratorPath =>
        typeof(SchedulerBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OrchestratorPath").Value!;

    private static Process Start(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>SIGTERM, as Ctrl-C would, then a kill after 30 s.</summary>
    private static async Task StopAsync(Process? process)
    {
        if (process is null || process.HasExited)
        {
            process?.Dispose();
            return;
        }

        Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Option(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
