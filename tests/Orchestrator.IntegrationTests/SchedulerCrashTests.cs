using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Client.Config;
using Orchestrator.Model.Objects;
using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The scheduler survives its process: <c>orchestrator up</c> is killed with SIGKILL while pods are being created and
/// scheduled onto simulated nodes, started again on the same data directory, and every pod ends bound, none twice
/// (a pod's Scheduled Event, if written, names the node it is bound to, and no pod has two).
/// </summary>
public sealed class SchedulerCrashTests
{
    private const int Pods = 300;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task After_a_kill_9_the_restarted_scheduler_binds_every_pod_exactly_once()
    {
        await using var cluster = await ClusterProcess.StartAsync();
        await using var simulator = SimulatorProcess.Start(cluster.AdminConf, "--nodes", "10");
        await simulator.WaitForOutputAsync("registered 10 of 10 nodes", TimeSpan.FromSeconds(60));
        using var client = KubeClient.FromKubeconfig(Kubeconfig.Load(cluster.AdminConf));

        var next = -1;
        var creating = Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Pods)
            {
                await CreateRetryingAsync(client, $"crash-{i}");
            }
        })));

        // Kill the process once some pods are bound and others are still being created.
        await WaitUntilAsync(async () => (await BoundAsync(client)).Count >= 50);
        await cluster.CrashAndRestartAsync();
        await creating;

        var bound = await WaitUntilAsync(async () => await BoundAsync(client) is { Count: Pods } all ? all : null);
        Assert.Equal(Pods, bound.Count);

        var events = (await client.ListAsync(ResourceRef.Events, "default", new ListOptions { FieldSelector = "reason=Scheduled" })).Items;
        foreach (var perPod in events.GroupBy(e => KubeObject.GetString(e, "involvedObject", "name")!))
        {
            var e = Assert.Single(perPod);
            Assert.Equal(1L, KubeObject.GetInt64(e, "count") ?? 1);
            Assert.Equal($"Successfully assigned default/{perPod.Key} to {bound[perPod.Key]}", KubeObject.GetString(e, "message"));
        }
    }

    private static async Task<Dictionary<string, string>> BoundAsync(KubeClient client)
    {
        try
        {
            var pods = (await client.ListAsync(ResourceRef.Pods, "default")).Items;
            return pods.Where(p => KubeObject.GetString(p, "spec", "nodeName") is { Length: > 0 })
                .ToDictionary(p => KubeObject.Name(p)!, p => KubeObject.GetString(p, "spec", "nodeName")!);
        }
        catch (Exception e) when (e is HttpRequestException or KubeApiException or TaskCanceledException)
        {
            return []; // restarting
        }
    }

    private static async Task CreateRetryingAsync(KubeClient client, string name)
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "app",
                    ["image"] = "busybox:local",
                    ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "64Mi" } },
                }),
            },
        };
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            try
            {
                await client.CreateAsync(ResourceRef.Pods, pod.DeepClone().AsObject());
                return;
            }
            catch (KubeApiException e) when (e.IsAlreadyExists)
            {
                return; // created before the crash, its answer lost
            }
            catch (Exception e) when (DateTime.UtcNow < deadline && e is HttpRequestException or KubeApiException or TaskCanceledException or IOException)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task<T> WaitUntilAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the condition did not hold in time");
            }

            await Task.Delay(200);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> probe) =>
        await WaitUntilAsync(async () => await probe() ? "" : null);
}
