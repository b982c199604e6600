using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.Benchmarks.Api;

/// <summary>
/// Watches the server process from outside, through /proc only (no agent in the server, nothing that changes
/// how it runs): its resident memory, and the CPU time of its garbage collector's threads (the runtime names
/// them ".NET Server GC" and ".NET BGC") beside that of all its threads, how long its threads waited runnable
/// for a CPU, and what it wrote to storage, sampled every 50 ms. A stall in which the GC threads were busy and
/// the rest idle is a collection pause; one without GC work is not (waiting for a CPU points at other load on
/// the machine, writing at the journal's disk). Only dedicated GC threads can be seen this way: under
/// workstation GC (the server's setting) the young-generation collections run on whichever request thread
/// allocates, so their CPU counts as request work and their pauses show only as stalls without another cause.
/// </summary>
internal sealed class ServerSampler : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly int _pid;
    private readonly List<Sample> _samples = [];
    private readonly Dictionary<int, (GcThread Kind, long CpuNs, long WaitNs)> _threads = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _gcNs;
    private long _bgcNs;
    private long _allNs;
    private long _waitNs;

    public ServerSampler(int pid)
    {
        _pid = pid;
        _loop = Task.Run(LoopAsync);
    }

    /// <param name="Timestamp">Stopwatch timestamp of the sample.</param>
    /// <param name="RssKb">The server's VmRSS.</param>
    /// <param name="GcCpuNs">CPU time of the server's GC threads (blocking and background) since sampling began.</param>
    /// <param name="BackgroundGcCpuNs">The part of it run by background GC threads, which do not stop the application.</param>
    /// <param name="AllCpuNs">CPU time of all the server's threads since sampling began.</param>
    /// <param name="RunQueueWaitNs">Time the server's threads spent runnable but waiting for a CPU since sampling began.</param>
    /// <param name="WriteBytes">Bytes the server has caused to be written to storage (/proc/PID/io write_bytes).</param>
    /// <param name="ClientGcPause">This (client) process's total GC pause time so far.</param>
    public sealed record Sample(long Timestamp, long RssKb, long GcCpuNs, long BackgroundGcCpuNs, long AllCpuNs, long RunQueueWaitNs, long WriteBytes, TimeSpan ClientGcPause);

    /// <summary>The samples taken so far; call after <see cref="DisposeAsync"/> for all of them.</summary>
    public IReadOnlyList<Sample> Samples => _samples;

    /// <summary>The server's resident set (VmRSS) or its peak (VmHWM), in KiB, read now.</summary>
    public static long ReadStatusKb(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"no {field} in /proc/{pid}/status");
    }

    private long ReadWriteBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_pid}/io"))
        {
            if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan("write_bytes:".Length).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>The samples bracketing [<paramref name="from"/>, <paramref name="to"/>]: the last at or before it begins and the first at or after it ends.</summary>
    public (Sample Before, Sample After)? Around(long from, long to)
    {
        Sample? before = null, after = null;
        foreach (var sample in _samples)
        {
            if (sample.Timestamp <= from)
            {
                before = sample;
            }

            if (sample.Timestamp >= to)
            {
                after = sample;
                break;
            }
        }

        return before is not null && after is not null ? (before, after) : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        TakeSample();
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                TakeSample();
            }
        }
        catch (OperationCanceledException)
        {
        }

        TakeSample();
    }

    private void TakeSample()
    {
        foreach (var dir in Directory.EnumerateDirectories($"/proc/{_pid}/task"))
        {
            try
            {
                var tid = int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                // schedstat: nanoseconds this thread has run on a CPU, nanoseconds it has waited runnable for one, timeslices.
                var schedstat = File.ReadAllText(Path.Combine(dir, "schedstat")).Split(' ');
                var cpuNs = long.Parse(schedstat[0], CultureInfo.InvariantCulture);
                var waitNs = long.Parse(schedstat[1], CultureInfo.InvariantCulture);
                if (!_threads.TryGetValue(tid, out var known))
                {
                    var name = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                    // A thread first seen now: count what it ran only if it started after sampling began.
                    var kind = name.StartsWith(".NET Server GC", StringComparison.Ordinal) ? GcThread.Blocking
                        : name.StartsWith(".NET BGC", StringComparison.Ordinal) ? GcThread.Background
                        : GcThread.None;
                    known = _samples.Count == 0 ? (kind, cpuNs, waitNs) : (kind, 0, 0);
                }

                var delta = cpuNs - known.CpuNs;
                _allNs += delta;
                _waitNs += waitNs - known.WaitNs;
                if (known.Kind != GcThread.None)
                {
                    _gcNs += delta;
                }

                if (known.Kind == GcThread.Background)
                {
                    _bgcNs += delta;
                }

                _threads[tid] = (known.Kind, cpuNs, waitNs);
            }
            catch (IOException)
            {
                // The thread exited between listing and reading: what it ran since the last sample is lost.
            }
        }

        _samples.Add(new Sample(Stopwatch.GetTimestamp(), ReadStatusKb(_pid, "VmRSS"), _gcNs, _bgcNs, _allNs, _waitNs, ReadWriteBytes(), GC.GetTotalPauseDuration()));
    }

    private enum GcThread
    {
        None,
        Blocking,
        Background,
    }
}
