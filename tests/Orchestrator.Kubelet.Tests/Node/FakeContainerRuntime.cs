using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Tests.Node;

/// <summary>
/// A runtime holding only what a test puts in it: sandboxes and containers to list, a stream of events to
/// emit, and a record of what the kubelet stopped and removed. Enough for the kubelet's node side, which never
/// runs containers itself (its pod workers do).
/// </summary>
internal sealed class FakeContainerRuntime : IContainerRuntime
{
    private readonly Channel<ContainerEvent> _events = Channel.CreateUnbounded<ContainerEvent>();

    public List<PodSandboxStatus> Sandboxes { get; } = [];

    public List<ContainerStatus> Containers { get; } = [];

    /// <summary>"stop-sandbox ID", "remove-sandbox ID", "stop-container ID", "remove-container ID", in order.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    public string Name => "fake";

    public void Emit(ContainerEvent e) => _events.Writer.TryWrite(e);

    public Task<string> VersionAsync(CancellationToken cancellationToken) => Task.FromResult("fake://1.2.3");

    public Task<IReadOnlyList<PodSandboxStatus>> ListPodSandboxesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PodSandboxStatus>>([.. Sandboxes]);

    public Task<IReadOnlyList<ContainerStatus>> ListContainersAsync(string? sandboxId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ContainerStatus>>(Containers.Where(c => sandboxId is null || c.SandboxId == sandboxId).ToArray());

    public Task StopPodSandboxAsync(string sandboxId, CancellationToken cancellationToken) => Record("stop-sandbox " + sandboxId);

    public Task RemovePodSandboxAsync(string sandboxId, CancellationToken cancellationToken) => Record("remove-sandbox " + sandboxId);

    public Task StopContainerAsync(string containerId, TimeSpan timeout, CancellationToken cancellationToken) => Record("stop-container " + containerId);

    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken) => Record("remove-container " + containerId);

    public async IAsyncEnumerable<ContainerEvent> WatchEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in _events.Reader.ReadAllAsync(cancellationToken))
        {
            yield return e;
        }
    }

    public Task<string> RunPodSandboxAsync(PodSandboxConfig config, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<PodSandboxStatus?> PodSandboxStatusAsync(string sandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> CreateContainerAsync(string sandboxId, ContainerConfig config, PodSandboxConfig sandbox, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StartContainerAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ContainerStatus?> ContainerStatusAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ExecSyncResult> ExecSyncAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IExecSession> ExecAsync(string containerId, ExecRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<LogLine> ReadLogsAsync(string containerId, LogOptions options, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ImageInfo?> ImageStatusAsync(string image, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ImageInfo> PullImageAsync(string image, CancellationToken cancellationToken) => throw new NotSupportedException();

    private Task Record(string call)
    {
        Calls.Enqueue(call);
        return Task.CompletedTask;
    }
}
