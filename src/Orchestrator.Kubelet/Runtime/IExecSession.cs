namespace Orchestrator.Kubelet.Runtime;

/// <summary>
/// A running interactive command. The caller writes <see cref="Stdin"/>, reads output frames with
/// <see cref="ReadOutputAsync"/> until it returns null, then awaits <see cref="WaitAsync"/> for the exit code.
/// With a terminal there is no stderr: everything arrives as stdout.
/// </summary>
public interface IExecSession : IAsyncDisposable
{
    /// <summary>The command's stdin, or null when it was not asked for; disposing it sends end-of-file.</summary>
    Stream? Stdin { get; }

    /// <summary>The next chunk of output, or null at the end of both streams.</summary>
    ValueTask<OutputChunk?> ReadOutputAsync(CancellationToken cancellationToken);

    /// <summary>A terminal resize (kubectl's resize channel).</summary>
    Task ResizeAsync(int width, int height, CancellationToken cancellationToken);

    /// <summary>The command's exit code, once it has ended.</summary>
    Task<int> WaitAsync(CancellationToken cancellationToken);
}

public enum OutputStream
{
    Stdout,
    Stderr,
}

/// <summary>Bytes the command wrote to one of its streams.</summary>
public sealed record OutputChunk(OutputStream Stream, ReadOnlyMemory<byte> Data);
