using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Tests.Server;

/// <summary>
/// A runtime for the kubelet endpoint's tests: containers are log lines held in memory (a running one gets more
/// through <see cref="Write"/> until <see cref="Exit"/>), and exec runs the command as a real child process of
/// the test (<see cref="ProcessExecSession"/>). Everything else is not needed here.
/// </summary>
public sealed class FakeStreamingRuntime : IContainerRuntime
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeContainer> _containers = [];

    public string Name => "fake";

    /// <summary>Commands exec was asked to run, in order.</summary>
    public List<IReadOnlyList<string>> Execs { get; } = [];

    /// <summary>The whole requests, in order (streams and terminal).</summary>
    public List<ExecRequest> ExecRequests { get; } = [];

    public void Add(string id, bool running, int? exitCode, params LogLine[] lines)
    {
        lock (_lock)
        {
            _containers[id] = new FakeContainer([.. lines], running, exitCode);
        }
    }

    public void Write(string id, DateTimeOffset time, string text)
    {
        FakeContainer container;
        lock (_lock)
        {
            container = _containers[id];
            container.Lines.Add(new LogLine(time, OutputStream.Stdout, System.Text.Encoding.UTF8.GetBytes(text)));
        }

        container.Changed.Writer.TryWrite(true);
    }

    public void Exit(string id, int exitCode)
    {
        FakeContainer container;
        lock (_lock)
        {
            container = _containers[id];
            container.Running = false;
            container.ExitCode = exitCode;
        }

        container.Changed.Writer.TryWrite(true);
    }

    public static LogLine Line(DateTimeOffset time, string text, OutputStream stream = OutputStream.Stdout) =>
        new(time, stream, System.Text.Encoding.UTF8.GetBytes(text));

    public async IAsyncEnumerable<LogLine> ReadLogsAsync(string containerId, LogOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        FakeContainer container;
        List<LogLine> lines;
        lock (_lock)
        {
            container = _containers[containerId];
            lines = [.. container.Lines.Where(l => options.Since is null || l.Time >= options.Since)];
        }

        var start = options.TailLines is { } tail ? Math.Max(0, lines.Count - tail) : 0;
        var sent = container.Lines.Count;
        foreach (var line in lines.Skip(start))
        {
            yield return line;
        }

        while (options.Follow)
        {
            List<LogLine> fresh;
            bool running;
            lock (_lock)
            {
                fresh = container.Lines.Skip(sent).ToList();
                sent = container.Lines.Count;
                running = container.Running;
            }

            foreach (var line in fresh)
            {
                yield return line;
            }

            if (!running)
            {
                yield break;
            }

            await container.Changed.Reader.ReadAsync(cancellationToken);
        }
    }

    public Task<IExecSession> ExecAsync(string containerId, ExecRequest request, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_containers.TryGetValue(containerId, out var container) || !container.Running)
            {
                throw new InvalidOperationException($"container {containerId} is not running");
            }

            Execs.Add(request.Command);
            ExecRequests.Add(request);
        }

        return Task.FromResult<IExecSession>(ProcessExecSession.Start(request));
    }

    public Task<ContainerStatus?> ContainerStatusAsync(string containerId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_containers.TryGetValue(containerId, out var c)
                ? new ContainerStatus
                {
                    Id = containerId,
                    SandboxId = "sandbox",
                    Name = containerId,
                    State = c.Running ? ContainerState.Running : ContainerState.Exited,
                    Image = "busybox:local",
                    ExitCode = c.ExitCode,
                }
                : null);
        }
    }

    public Task<string> VersionAsync(CancellationToken cancellationToken) => Task.FromResult("fake://1");

    public Task<string> RunPodSandboxAsync(PodSandboxConfig config, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StopPodSandboxAsync(string sandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemovePodSandboxAsync(string sandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<PodSandboxStatus?> PodSandboxStatusAsync(string sandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<PodSandboxStatus>> ListPodSandboxesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> CreateContainerAsync(string sandboxId, ContainerConfig config, PodSandboxConfig sandbox, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StartContainerAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StopContainerAsync(string containerId, TimeSpan timeout, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<ContainerStatus>> ListContainersAsync(string? sandboxId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ExecSyncResult> ExecSyncAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ImageInfo?> ImageStatusAsync(string image, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ImageInfo> PullImageAsync(string image, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<ContainerEvent> WatchEventsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    private sealed class FakeContainer(List<LogLine> lines, bool running, int? exitCode)
    {
        public List<LogLine> Lines { get; } = lines;

        public bool Running { get; set; } = running;

        public int? ExitCode { get; set; } = exitCode;

        public Channel<bool> Changed { get; } = Channel.CreateUnbounded<bool>();
    }
}
