using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Orchestrator.Kubelet.Runtime.Process;

/// <summary>
/// A container's log in the CRI format (<c>RFC3339NANO stdout|stderr F|P CONTENT</c>, one entry a line, P for a
/// partial line), as container runtimes write it for the kubelet: appended by <see cref="Append"/>, rotated to
/// <c>container.log.1</c> past a size, read back by <see cref="ReadAsync"/>.
/// </summary>
public sealed class CriLogFile(string directory, long maxSize)
{
    public const string FileName = "container.log";

    public string Current => Path.Combine(directory, FileName);

    public string Rotated => Current + ".1";

    /// <summary>Appends one entry; <paramref name="complete"/> false marks a partial line (no newline at its end).</summary>
    public void Append(DateTimeOffset time, OutputStream stream, ReadOnlySpan<byte> content, bool complete)
    {
        var prefix = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ} {(stream == OutputStream.Stdout ? "stdout" : "stderr")} {(complete ? 'F' : 'P')} "));
        var length = prefix.Length + content.Length + 1;
        if (File.Exists(Current) && new FileInfo(Current).Length + length > maxSize)
        {
            File.Move(Current, Rotated, overwrite: true);
        }

        using var file = new FileStream(Current, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        file.Write(prefix);
        file.Write(content);
        file.WriteByte((byte)'\n');
    }

    /// <summary>Parses one entry, or null for a line that is not one.</summary>
    public static LogLine? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Split(' ', 4);
        if (parts.Length < 3 || !DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return null;
        }

        var stream = parts[1] == "stderr" ? OutputStream.Stderr : OutputStream.Stdout;
        var content = parts.Length > 3 ? parts[3] : "";
        return new LogLine(time, stream, Encoding.UTF8.GetBytes(parts[2] == "P" ? content : content + "\n"));
    }

    /// <summary>
    /// The entries, oldest first, after <see cref="LogOptions.Since"/>, only the last <see cref="LogOptions.TailLines"/>;
    /// with <see cref="LogOptions.Follow"/>, then new ones as they are written until <paramref name="finished"/> says
    /// the container has ended and everything was read.
    /// </summary>
    public async IAsyncEnumerable<LogLine> ReadAsync(
        LogOptions options, Func<bool> finished, TimeSpan pollInterval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(finished);
        var ended = finished();
        var lines = new List<LogLine>();
        foreach (var file in new[] { Rotated, Current })
        {
            if (File.Exists(file))
            {
                foreach (var text in await File.ReadAllLinesAsync(file, cancellationToken).ConfigureAwait(false))
                {
                    if (Parse(text) is { } line && (options.Since is null || line.Time >= options.Since))
                    {
                        lines.Add(line);
                    }
                }
            }
        }

        var offset = File.Exists(Current) ? new FileInfo(Current).Length : 0;
        var start = options.TailLines is { } tail ? Math.Max(0, lines.Count - tail) : 0;
        for (var i = start; i < lines.Count; i++)
        {
            yield return lines[i];
        }

        if (!options.Follow)
        {
            yield break;
        }

        var pending = new StringBuilder();
        while (true)
        {
            var length = File.Exists(Current) ? new FileInfo(Current).Length : 0;
            if (length < offset)
            {
                // Rotated since the last read: the new file starts from the beginning.
                offset = 0;
            }

            if (length > offset)
            {
                using var file = new FileStream(Current, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                file.Seek(offset, SeekOrigin.Begin);
                var buffer = new byte[length - offset];
                await file.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
                offset = length;
                pending.Append(Encoding.UTF8.GetString(buffer));
                var text = pending.ToString();
                var last = text.LastIndexOf('\n');
                if (last >= 0)
                {
                    foreach (var entry in text[..last].Split('\n'))
                    {
                        if (Parse(entry) is { } line && (options.Since is null || line.Time >= options.Since))
                        {
                            yield return line;
                        }
                    }

                    pending.Clear().Append(text[(last + 1)..]);
                }

                continue;
            }

            if (ended)
            {
                yield break;
            }

            // One more pass after the container ended, for what was copied in between.
            ended = finished();
            await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
