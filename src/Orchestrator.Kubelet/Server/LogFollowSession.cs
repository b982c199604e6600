using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Server;

/// <summary>
/// Attach for a runtime that cannot: the container's output from now on, read from its log as it is written, and
/// its exit code once the log ends. There is no stdin and no terminal.
/// </summary>
public sealed class LogFollowSession : IExecSession
{
    private readonly IContainerRuntime _runtime;
    private readonly string _containerId;
    private readonly CancellationTokenSource _stop = new();
    private readonly IAsyncEnumerator<LogLine> _lines;

    public LogFollowSession(IContainerRuntime runtime, string containerId)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
        _containerId = containerId;
        _lines = runtime.ReadLogsAsync(containerId, new LogOptions { Follow = true, TailLines = 0 }, _stop.Token).GetAsyncEnumerator(_stop.Token);
    }

    public Stream? Stdin => null;

    public async ValueTask<OutputChunk?> ReadOutputAsync(CancellationToken cancellationToken)
    {
        using var linked = cancellationToken.Register(_stop.Cancel);
        return await _lines.MoveNextAsync().ConfigureAwait(false) ? new OutputChunk(_lines.Current.Stream, _lines.Current.Data) : null;
    }

    public Task ResizeAsync(int width, int height, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        var status = await _runtime.ContainerStatusAsync(_containerId, cancellationToken).ConfigureAwait(false);
        return status?.ExitCode ?? 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _lines.DisposeAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        _stop.Dispose();
    }
}
