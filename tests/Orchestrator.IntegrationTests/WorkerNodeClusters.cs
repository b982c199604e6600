namespace Orchestrator.IntegrationTests;

/// <summary>
/// One real <c>orchestrator up</c> per container runtime, started on first use and shared by a test class: its
/// kubelet runs node <c>it-worker</c> (Docker) or <c>it-worker-proc</c> (process runtime) with shrunk crash-loop
/// timings, on a pod network of its own (bridge and cluster CIDR) so it meets no other cluster's pods on this machine.
/// </summary>
public sealed class WorkerNodeClusters : Xunit.IAsyncLifetime
{
    /// <summary>The shrunk crash-loop back-off: 2 s doubling to 6 s (Kubernetes: 10 s to 5 min).</summary>
    public static readonly TimeSpan BackoffInitial = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan BackoffMax = TimeSpan.FromSeconds(6);

    private readonly Dictionary<string, Task<ClusterProcess>> _clusters = new(StringComparer.Ordinal);

    public static string NodeName(string runtime) => runtime == "docker" ? "it-worker" : "it-worker-proc";

    public Task<ClusterProcess> GetAsync(string runtime)
    {
        lock (_clusters)
        {
            if (!_clusters.TryGetValue(runtime, out var cluster))
            {
                _clusters[runtime] = cluster = StartAsync(runtime);
            }

            return cluster;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 disposes class fixtures through IAsyncLifetime only (not IAsyncDisposable).
    public async Task DisposeAsync()
    {
        foreach (var cluster in _clusters.Values)
        {
            try
            {
                var process = await cluster;
                // Pods go first: a stopped node keeps its containers and processes for a restart to adopt.
                await new Kubectl(Kubectl.V132, process.AdminConf).RunAsync("delete", "pods", "--all", "--grace-period=1", "--timeout=50s");
                await process.DisposeAsync();
            }
            catch (InvalidOperationException)
            {
                // It never started; its test already failed with the reason.
            }
        }

        // The next run's fresh IPAM hands out the same addresses again: no stale neighbour entries may point them at gone pods.
        foreach (var runtime in _clusters.Keys)
        {
            using var delete = System.Diagnostics.Process.Start("ip", ["link", "delete", Bridge(runtime)]);
            await delete.WaitForExitAsync();
        }
    }

    /// <summary>The pod network's bridge of a runtime's cluster (removed after the class, with the neighbour entries of its pods).</summary>
    private static string Bridge(string runtime) => runtime == "docker" ? "orchitw0" : "orchitw1";

    private static async Task<ClusterProcess> StartAsync(string runtime)
    {
        var n = runtime == "docker" ? 0 : 1;
        var cluster = await ClusterProcess.StartAsync($"""
            orchestrator.kubelet.enabled = on
            orchestrator.kubelet.runtime = {runtime}
            orchestrator.kubelet.node-name = {NodeName(runtime)}
            orchestrator.kubelet.port = {ClusterProcess.FreePort()}
            orchestrator.kubelet.shutdown-grace-period = 4s
            orchestrator.kubelet.shutdown-grace-period-critical-pods = 1s
            orchestrator.kubelet.container-restart-backoff.initial = {BackoffInitial.TotalSeconds}s
            orchestrator.kubelet.container-restart-backoff.max = {BackoffMax.TotalSeconds}s
            orchestrator.kubelet.sync-frequency = 10s
            orchestrator.kubelet.cni.bridge = {Bridge(runtime)}
            orchestrator.controllers.node-ipam.cluster-cidr = "100.7{2 + n}.0.0/16"
            """);
        var kubectl = new Kubectl(Kubectl.V132, cluster.AdminConf);
        await kubectl.OkAsync("wait", $"node/{NodeName(runtime)}", "--for=condition=Ready", "--timeout=120s");
        // Pods are admitted once the default service account exists (its token is projected into them).
        for (var attempt = 0; attempt < 100 && (await kubectl.RunAsync("get", "serviceaccount", "default")).ExitCode != 0; attempt++)
        {
            await Task.Delay(100);
        }

        return cluster;
    }
}
