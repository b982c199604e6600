using Docker.DotNet;
using Orchestrator.Kubelet.Runtime;
using Orchestrator.Kubelet.Runtime.Docker;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Runtime.Docker;

/// <summary>
/// The real engine scripts/setup.sh starts (ORCHESTRATOR_DOCKER_HOST overrides its socket), a runtime on it
/// under a node name of its own, and a pod directory per test class. Without an engine every test fails with
/// the reason: CI runs setup.sh first, so a missing engine is a broken machine, not a test to skip.
/// Disposing removes every sandbox and container the runtime made.
/// </summary>
public sealed class DockerEngine : IAsyncLifetime
{
    public const string Image = "busybox:local";

    public static string Endpoint =>
        Environment.GetEnvironmentVariable("ORCHESTRATOR_DOCKER_HOST") is { Length: > 0 } host ? host : DockerRuntimeOptions.DefaultEndpoint;

    private readonly List<DockerRuntime> _runtimes = [];

    public DockerEngine()
    {
        Runtime = NewRuntime($"docker-test-{Guid.NewGuid().ToString("N")[..8]}", Network);
        Client = new DockerClientConfiguration(new Uri(Endpoint)).CreateClient();
    }

    public RecordingPodNetwork Network { get; } = new();

    public DockerRuntime Runtime { get; }

    /// <summary>The engine itself, to check what the runtime asked of it.</summary>
    public DockerClient Client { get; }

    public string Root { get; } = Directory.CreateTempSubdirectory("docker-runtime-test-").FullName;

    /// <summary>Another runtime on the same engine (another node's kubelet), cleaned up with this one.</summary>
    public DockerRuntime NewRuntime(string nodeName, RecordingPodNetwork network, string? nodeAddress = null)
    {
        var runtime = new DockerRuntime(
            new DockerRuntimeOptions { Endpoint = Endpoint, NodeName = nodeName, NodeAddress = nodeAddress },
            network);
        _runtimes.Add(runtime);
        return runtime;
    }

    public PodSandboxConfig Pod(string name, bool hostNetwork = false, DnsConfig? dns = null)
    {
        var uid = Guid.NewGuid().ToString();
        return new PodSandboxConfig
        {
            PodUid = uid,
            PodName = name,
            PodNamespace = "default",
            Hostname = name,
            HostNetwork = hostNetwork,
            Dns = dns,
            PodDirectory = Path.Combine(Root, "pods", uid),
        };
    }

    public static ContainerConfig Shell(string name, string script) =>
        new() { Name = name, Image = Image, Command = ["sh", "-c", script] };

    /// <summary>Polls until the container has exited (the runtime's own view, as the kubelet sees it).</summary>
    public async Task<ContainerStatus> WaitExitedAsync(string containerId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var status = await Runtime.ContainerStatusAsync(containerId, CancellationToken.None);
            Assert.NotNull(status);
            if (status.State == ContainerState.Exited)
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"container {containerId} still {status.State}");
            await Task.Delay(50);
        }
    }

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await Runtime.VersionAsync(timeout.Token);
            await Client.Images.InspectImageAsync(Image, timeout.Token);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"The Docker engine at {Endpoint} with the image {Image} is needed: run scripts/setup.sh as root ({e.GetType().Name}: {e.Message})",
                e);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var runtime in _runtimes)
        {
            try
            {
                foreach (var sandbox in await runtime.ListPodSandboxesAsync(CancellationToken.None))
                {
                    await runtime.RemovePodSandboxAsync(sandbox.Id, CancellationToken.None);
                }

                foreach (var container in await runtime.ListContainersAsync(null, CancellationToken.None))
                {
                    await runtime.RemoveContainerAsync(container.Id, CancellationToken.None);
                }
            }
            finally
            {
                runtime.Dispose();
            }
        }

        Client.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
