using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Client.Config;

namespace Orchestrator.Benchmarks.PodStart;

/// <summary>
/// Pod start on one real node with the Docker runtime, as a user sees it: an <c>orchestrator up</c> (its kubelet on
/// the engine scripts/setup.sh starts), then
/// <list type="bullet">
/// <item>100 pods created one after another, each timed from its create until a watch sees it Running (p50, p99),
/// beside 100 raw <c>docker run -d</c> of the same image on the same engine;</item>
/// <item>a 100-replica Deployment until all 100 pods are Running, beside floors on the same engine: 100
/// containers created and started straight through the Engine API all at once (the kubelet syncs every pod at
/// once), the same for 100 pod-shaped pairs (a sandbox, and an app container joining its network namespace), and
/// Docker Swarm converging a 100-replica host-network service.</item>
/// </list>
/// Options: --pods N, --replicas N, --no-swarm.
/// </summary>
internal static class PodStartBenchmark
{
    private const string Image = "busybox:local";
    private const string BenchLabel = "orchestrator.bench";
    private static readonly string[] Sleep = ["sleep", "3600"];

    public static async Task<int> RunAsync(string[] args)
    {
        var pods = IntOption(args, "--pods", 100);
        var replicas = IntOption(args, "--replicas", 100);
        await DockerCli.RunAsync("image", "inspect", "--format", "{{.Id}}", Image);

        // The floors first, on an engine with nothing else running.
        var dockerRun = await RawDockerRunAsync(pods);
        Console.Error.WriteLine($"raw docker run: p50 {Percentile(dockerRun, 50):F0} ms, p99 {Percentile(dockerRun, 99):F0} ms");
        var concurrent = await ConcurrentEngineAsync(replicas);
        Console.Error.WriteLine($"{replicas} containers through the Engine API at once: {concurrent:F2} s");
        var podShaped = await ConcurrentPodShapedAsync(replicas);
        Console.Error.WriteLine($"{replicas} sandbox + app pairs through the Engine API at once: {podShaped:F2} s");
        double? swarm = args.Contains("--no-swarm") ? null : await SwarmAsync(replicas);
        Console.Error.WriteLine($"swarm, {replicas} replicas: {(swarm is { } s ? s.ToString("F2", CultureInfo.InvariantCulture) + " s" : "not measured")}");

        var (podStart, deployment) = await OursAsync(pods, replicas);

        var report = new Report();
        report.Row("pod start p50 (create to Running)", Percentile(podStart, 50), "ms", Percentile(dockerRun, 50), "docker run -d", higherIsBetter: false);
        report.Row("pod start p99 (create to Running)", Percentile(podStart, 99), "ms", Percentile(dockerRun, 99), "docker run -d", higherIsBetter: false);
        report.Row($"Deployment of {replicas} Running", deployment, "s", concurrent, "Engine API at once", higherIsBetter: false);
        report.Row($"Deployment of {replicas} Running", deployment, "s", podShaped, "Engine API, pod-shaped", higherIsBetter: false);
        if (swarm is { } swarmSeconds)
        {
            report.Row($"Deployment of {replicas} Running", deployment, "s", swarmSeconds, "Docker Swarm", higherIsBetter: false);
        }

        report.Target("pod start p99 over docker run p99", Percentile(podStart, 99) - Percentile(dockerRun, 99), "ms", 150);
        report.Target("Deployment over the Engine API floor", deployment / concurrent, "x", 1.15);
        report.Set("pod_start_p50_ms", Percentile(podStart, 50));
        report.Set("pod_start_p99_ms", Percentile(podStart, 99));
        report.Set("docker_run_p50_ms", Percentile(dockerRun, 50));
        report.Set("docker_run_p99_ms", Percentile(dockerRun, 99));
        report.Set("deployment_100_s", deployment);
        report.Set("docker_100_concurrent_s", concurrent);
        report.Set("docker_100_pod_shaped_s", podShaped);
        if (swarm is { } swarmFigure)
        {
            report.Set("swarm_100_s", swarmFigure);
        }

        report.PrintJson();
        return 0;
    }

    /// <summary>Each <c>docker run -d</c> timed alone, one after another; the containers are removed after.</summary>
    private static async Task<List<double>> RawDockerRunAsync(int count)
    {
        var times = new List<double>(count);
        var ids = new List<string>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var clock = Stopwatch.StartNew();
                ids.Add(await DockerCli.RunAsync(["run", "-d", "--network", "none", "--label", BenchLabel + "=true", Image, .. Sleep]));
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        finally
        {
            await RemoveAsync(ids);
        }

        return times;
    }

    /// <summary>All containers created and started through the Engine API at once; seconds until the last has started.</summary>
    private static async Task<double> ConcurrentEngineAsync(int count)
    {
        using var engine = new EngineApi(DockerCli.Host);
        var clock = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => engine.RunAsync(Image, Sleep, BenchLabel)));
        var seconds = clock.Elapsed.TotalSeconds;
        await Task.WhenAll(ids.Select(engine.RemoveAsync));
        return seconds;
    }

    /// <summary>
    /// The engine's floor for pods as the Docker runtime makes them: per pod, a sandbox container with no network,
    /// then an app container in its network namespace, all pods at once; seconds until the last app has started.
    /// The target is against <see cref="ConcurrentEngineAsync"/> (one container each); this shows how much of
    /// the Deployment's time the second container and the join take on this engine, before any orchestration.
    /// </summary>
    private static async Task<double> ConcurrentPodShapedAsync(int count)
    {
        using var engine = new EngineApi(DockerCli.Host);
        var clock = Stopwatch.StartNew();
        var pods = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            var sandbox = await engine.RunAsync(Image, Sleep, BenchLabel);
            return (Sandbox: sandbox, App: await engine.RunAsync(Image, Sleep, BenchLabel, $"container:{sandbox}"));
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        await Task.WhenAll(pods.Select(p => engine.RemoveAsync(p.App)));
        await Task.WhenAll(pods.Select(p => engine.RemoveAsync(p.Sandbox)));
        return seconds;
    }

    /// <summary>
    /// A swarm of this one engine converging a host-network service of <paramref name="count"/> replicas; seconds from
    /// the service's creation until all run. Null (with the reason) when the engine cannot form a swarm here.
    /// </summary>
    private static async Task<double?> SwarmAsync(int count)
    {
        try
        {
            await DockerCli.RunAsync("swarm", "init", "--advertise-addr", "127.0.0.1");
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"swarm not measured: {e.Message}");
            return null;
        }

        try
        {
            var clock = Stopwatch.StartNew();
            await DockerCli.RunAsync(["service", "create", "--detach", "--name", "orchestrator-bench", "--replicas", count.ToString(CultureInfo.InvariantCulture),
                "--network", "host", Image, .. Sleep]);
            while (await DockerCli.RunAsync("service", "ls", "--filter", "name=orchestrator-bench", "--format", "{{.Replicas}}") != $"{count}/{count}")
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new TimeoutException("the swarm service did not converge within 5 minutes");
                }

                await Task.Delay(50);
            }

            return clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await DockerCli.RunAsync("swarm", "leave", "--force");
        }
    }

    private static async Task RemoveAsync(List<string> ids)
    {
        if (ids.Count > 0)
        {
            await DockerCli.RunAsync(["rm", "-f", .. ids]);
        }
    }

    /// <summary>Our figures: each pod's create-to-Running time (ms), then the Deployment's seconds until all its pods run.</summary>
    private static async Task<(List<double> PodStart, double Deployment)> OursAsync(int pods, int replicas)
    {
        var dataDir = Directory.CreateTempSubdirectory("orchestrator-podstart-").FullName;
        var config = Path.Combine(dataDir, "bench.conf");
        await File.WriteAllTextAsync(config, $"orchestrator.kubelet.runtime = docker\norchestrator.kubelet.docker.endpoint = \"{DockerCli.Host}\"\n");
        var up = Start([OrchestratorPath, "up", "--data-dir", Path.Combine(dataDir, "data"), "--listen", $"127.0.0.1:{FreePort()}", "--config", config]);
        try
        {
            var ready = Path.Combine(dataDir, "data", "ready");
            var started = Stopwatch.StartNew();
            while (!File.Exists(ready))
            {
                if (up.HasExited || started.Elapsed > TimeSpan.FromMinutes(2))
                {
                    throw new InvalidOperationException("orchestrator up did not become ready");
                }

                await Task.Delay(50);
            }

            using var client = KubeClient.FromKubeconfig(Kubeconfig.Load(Path.Combine(dataDir, "data", "admin.conf")));
            await WaitForReadyNodeAsync(client);
            using var stop = new CancellationTokenSource();
            var running = new RunningPods();
            var watch = Task.Run(() => running.WatchAsync(client, stop.Token));

            var podStart = new List<double>(pods);
            for (var i = 0; i < pods; i++)
            {
                var name = $"podstart-{i}";
                var clock = Stopwatch.StartNew();
                await client.CreateAsync(ResourceRef.Pods, Pod(name, "podstart"));
                await running.WaitAsync(name, TimeSpan.FromMinutes(1));
                podStart.Add(clock.Elapsed.TotalMilliseconds);
            }

            await client.DeleteCollectionAsync(ResourceRef.Pods, "default", new ListOptions { LabelSelector = "app=podstart" }, new DeleteOptions { GracePeriodSeconds = 0 });
            await WaitForNoPodsAsync(client, "app=podstart");

            var deploymentClock = Stopwatch.StartNew();
            await client.CreateAsync(ResourceRef.Deployments, Deployment("bench", replicas));
            await running.WaitForCountAsync("bench-", replicas, TimeSpan.FromMinutes(5));
            var deployment = deploymentClock.Elapsed.TotalSeconds;
            await client.DeleteAsync(ResourceRef.Deployments, "default", "bench");
            await client.DeleteCollectionAsync(ResourceRef.Pods, "default", new ListOptions { LabelSelector = "app=bench" }, new DeleteOptions { GracePeriodSeconds = 0 });
            await WaitForNoPodsAsync(client, "app=bench");
            await stop.CancelAsync();
            await watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return (podStart, deployment);
        }
        finally
        {
            await StopAsync(up);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>When each pod was first seen Running on a watch.</summary>
    private sealed class RunningPods
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _running = new(StringComparer.Ordinal);

        public async Task WatchAsync(KubeClient client, CancellationToken ct)
        {
            await foreach (var e in client.ListWatchAsync(ResourceRef.Pods, "default", new ListWatchOptions { WatchTimeoutSeconds = 3600 }, ct))
            {
                foreach (var pod in e.Type == WatchEventType.Resync ? e.Items : [e.Object])
                {
                    if (pod["status"]?["phase"]?.GetValue<string>() == "Running" && pod["metadata"]?["name"]?.GetValue<string>() is { } name)
                    {
                        For(name).TrySetResult();
                    }
                }
            }
        }

        public Task WaitAsync(string name, TimeSpan timeout) => For(name).Task.WaitAsync(timeout);

        public async Task WaitForCountAsync(string prefix, int count, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (_running.Count(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && p.Value.Task.IsCompleted) < count)
            {
                if (clock.Elapsed > timeout)
                {
                    throw new TimeoutException($"fewer than {count} {prefix}* pods Running after {timeout}");
                }

                await Task.Delay(20);
            }
        }

        private TaskCompletionSource For(string name) => _running.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    private static async Task WaitForReadyNodeAsync(KubeClient client)
    {
        var clock = Stopwatch.StartNew();
        while (!(await client.ListAsync(ResourceRef.Nodes)).Items.Any(node => node["status"]?["conditions"] is JsonArray conditions
            && conditions.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True")))
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException("the kubelet's node did not become Ready within a minute");
            }

            await Task.Delay(100);
        }
    }

    private static async Task WaitForNoPodsAsync(KubeClient client, string selector)
    {
        var clock = Stopwatch.StartNew();
        while ((await client.ListAsync(ResourceRef.Pods, "default", new ListOptions { LabelSelector = selector })).Items.Count > 0)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"pods {selector} were not gone within 2 minutes");
            }

            await Task.Delay(200);
        }
    }

    private static JsonObject PodSpec() => new()
    {
        ["terminationGracePeriodSeconds"] = 0,
        ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = Image, ["command"] = new JsonArray([.. Sleep.Select(s => (JsonNode)s)]) }),
    };

    private static JsonObject Pod(string name, string app) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["labels"] = new JsonObject { ["app"] = app } },
        ["spec"] = PodSpec(),
    };

    private static JsonObject Deployment(string name, int replicas) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = PodSpec(),
            },
        },
    };

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string OrchestratorPath =>
        typeof(PodStartBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OrchestratorPath").Value!;

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

    /// <summary>SIGTERM (the kubelet stops its pods within its shutdown grace period), then a kill after 60 s.</summary>
    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
