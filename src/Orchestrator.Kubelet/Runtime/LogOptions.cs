namespace Orchestrator.Kubelet.Runtime;

/// <summary>Which log lines to read (the runtime's part of pods/log: the kubelet applies limitBytes and the timestamps prefix).</summary>
public sealed record LogOptions
{
    /// <summary>Keep reading as the container writes, until it ends.</summary>
    public bool Follow { get; init; }

    /// <summary>Only the last N lines (then follow), or all when null.</summary>
    public int? TailLines { get; init; }

    /// <summary>Only lines written at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }
}

/// <summary>One log line as the container wrote it (with its trailing newline, if it had one).</summary>
public sealed record LogLine(DateTimeOffset Time, OutputStream Stream, ReadOnlyMemory<byte> Data);
