namespace Orchestrator.Kubelet.Runtime.Process;

/// <summary>
/// Copies what a container's process wrote into its raw output files (<c>stdout</c>, <c>stderr</c>, which the process
/// holds open itself, so that it outlives a kubelet restart without a broken pipe) into its CRI log, a line at a time,
/// stamped with the time it was copied. A raw file fully copied and grown past a size is truncated; the process
/// appends (O_APPEND), so it writes on at the new end.
/// </summary>
public static class ContainerOutputCopier
{
    /// <summary>The raw files are truncated once copied and larger than this.</summary>
    public const long TruncateAbove = 1024 * 1024;

    /// <summary>A line longer than this is logged in parts (tag P), as CRI runtimes split long lines.</summary>
    public const int MaxLine = 16 * 1024;

    /// <summary>Copies new complete lines (all that is left when <paramref name="final"/>); returns whether anything was copied.</summary>
    public static bool Copy(ContainerRecord container, string directory, CriLogFile log, bool final)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(log);
        var copied = false;
        var stdout = container.StdoutOffset;
        copied |= CopyStream(Path.Combine(directory, "stdout"), OutputStream.Stdout, ref stdout, log, final);
        container.StdoutOffset = stdout;
        var stderr = container.StderrOffset;
        copied |= CopyStream(Path.Combine(directory, "stderr"), OutputStream.Stderr, ref stderr, log, final);
        container.StderrOffset = stderr;
        return copied;
    }

    private static bool CopyStream(string raw, OutputStream stream, ref long offset, CriLogFile log, bool final)
    {
        if (!File.Exists(raw))
        {
            return false;
        }

        using var file = new FileStream(raw, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length < offset)
        {
            offset = 0;
        }

        if (file.Length == offset)
        {
            return false;
        }

        file.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[file.Length - offset];
        file.ReadExactly(buffer);
        var now = DateTimeOffset.UtcNow;
        var consumed = 0;
        while (consumed < buffer.Length)
        {
            var rest = buffer.AsSpan(consumed);
            var newline = rest.IndexOf((byte)'\n');
            if (newline >= 0 && newline <= MaxLine)
            {
                log.Append(now, stream, rest[..newline], complete: true);
                consumed += newline + 1;
            }
            else if (rest.Length > MaxLine)
            {
                log.Append(now, stream, rest[..MaxLine], complete: false);
                consumed += MaxLine;
            }
            else if (final)
            {
                // The process ended without a last newline: a partial entry, so readers add none.
                log.Append(now, stream, rest, complete: false);
                consumed = buffer.Length;
            }
            else
            {
                break;
            }
        }

        offset += consumed;
        if (offset == file.Length && offset > TruncateAbove)
        {
            file.SetLength(0);
            offset = 0;
        }

        return consumed > 0;
    }
}
