using System.Runtime.CompilerServices;
using System.Text;
using Docker.DotNet;

namespace Orchestrator.Kubelet.Runtime.Docker;

/// <summary>
/// Turns the engine's log stream (read with timestamps=true, demultiplexed into stdout and stderr) into
/// <see cref="LogLine"/>s: each line starts with its RFC 3339 time and a space, which becomes <see cref="LogLine.Time"/>.
/// </summary>
internal static class DockerLogLines
{
    public static async IAsyncEnumerable<LogLine> ReadAsync(MultiplexedStream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        var pending = new Dictionary<OutputStream, MemoryStream>
        {
            [OutputStream.Stdout] = new MemoryStream(),
            [OutputStream.Stderr] = new MemoryStream(),
        };
        while (true)
        {
            var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (result.EOF)
            {
                break;
            }

            var kind = result.Target == MultiplexedStream.TargetStream.StandardError ? OutputStream.Stderr : OutputStream.Stdout;
            var line = pending[kind];
            var start = 0;
            for (var i = 0; i < result.Count; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }

                line.Write(buffer, start, i + 1 - start);
                start = i + 1;
                yield return ToLogLine(kind, line);
            }

            line.Write(buffer, start, result.Count - start);
        }

        // A last line without its newline (the container's final partial write).
        foreach (var (kind, line) in pending)
        {
            if (line.Length > 0)
            {
                yield return ToLogLine(kind, line);
            }
        }
    }

    private static LogLine ToLogLine(OutputStream kind, MemoryStream line)
    {
        var bytes = line.ToArray();
        line.SetLength(0);
        var space = Array.IndexOf(bytes, (byte)' ');
        if (space is > 0 and < 48 && DockerTimes.Parse(Encoding.ASCII.GetString(bytes, 0, space)) is { } time)
        {
            return new LogLine(time, kind, bytes.AsMemory(space + 1));
        }

        return new LogLine(DateTimeOffset.UtcNow, kind, bytes);
    }
}
