using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.Benchmarks.Api;

/// <summary>
/// What an outside load generator (wrk: 16 keep-alive HTTP/1.1 connections over TLS posting small pods with
/// unique names) sees of a long-running server: every request's latency, over at least
/// <see cref="MinCreates"/> creates and <see cref="MinDuration"/>; and what it costs the server in resident
/// memory per stored pod. Each connection is its own <see cref="HttpClient"/> with a pool of one connection,
/// speaking exactly HTTP/1.1, so 16 sockets carry the whole phase (counted, and checked).
/// </summary>
internal static class SustainedCreates
{
    public const int Connections = 16;
    public const int MinCreates = 60_000;
    public static readonly TimeSpan MinDuration = TimeSpan.FromSeconds(20);

    /// <summary>Stops there even short of <see cref="MinCreates"/>, so a slow server cannot stretch the run without bound (said in the output).</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(75);

    /// <summary>As wrk's harness: load on the new connections before measuring (the server is already warm from the earlier phases).</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    /// <summary>Idle time before each RSS reading, so the reading is not taken mid-request.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    /// <summary>A gap longer than this with no request completing on any of the 16 connections is a stall.</summary>
    public const double StallMs = 50;

    public sealed record Stall(double AtSeconds, double Ms, double? WindowMs, double? ServerGcCpuMs, double? ServerBackgroundGcCpuMs, double? ServerOtherCpuMs, double? ServerCpuWaitMs, double? ServerWrittenMb, double? ClientGcPauseMs);

    public sealed record Result(
        int Creates,
        double Seconds,
        double P50Ms,
        double P99Ms,
        double MaxMs,
        long RssBeforeKb,
        long RssAfterKb,
        long RssPeakKb,
        int ConnectionsOpened,
        IReadOnlyList<Stall> Stalls,
        int StallCount,
        double ServerGcCpuShare,
        double ClientGcPauseMs,
        double ClientGcLongestInRequestMs,
        int WarmUpCreates,
        int SampledPods,
        int SampledPodsChanged)
    {
        public double PerSecond => Creates / Seconds;

        /// <summary>RSS growth over the phase (settled before and after) per pod created in it.</summary>
        public double RssKbPerPod => (RssAfterKb - RssBeforeKb) / (double)Creates;

        public double LongestStallMs => Stalls.Count == 0 ? 0 : Stalls[0].Ms;
    }

    public static async Task<Result> RunAsync(Process server, string adminConf, string ns, string prefix)
    {
        var connects = 0;
        var clients = Enumerable.Range(0, Connections).Select(_ => ApiBenchmark.CreateClient(adminConf, maxConnections: 1, onConnect: () => Interlocked.Increment(ref connects))).ToArray();
        try
        {
            // Open the 16 connections and put load on them, then let the server settle before its RSS is read.
            var warmUp = await LoadAsync(clients, "kube-system", prefix + "-warm", 0, WarmUp, Limit, sample: null);
            await Task.Delay(Settle);
            var rssBefore = ServerSampler.ReadStatusKb(server.Id, "VmRSS");

            var clientPauseBefore = GC.GetTotalPauseDuration();
            var sampler = new ServerSampler(server.Id);
            var sample = new ConcurrentBag<(string Name, string ResourceVersion)>();
            Run run;
            try
            {
                await Task.Delay(ServerSampler.Interval * 2);
                run = await LoadAsync(clients, ns, prefix, MinCreates, MinDuration, Limit, sample);
                await Task.Delay(ServerSampler.Interval * 2);
            }
            finally
            {
                await sampler.DisposeAsync();
            }

            var clientPause = (GC.GetTotalPauseDuration() - clientPauseBefore).TotalMilliseconds;
            await Task.Delay(Settle);
            var rssAfter = ServerSampler.ReadStatusKb(server.Id, "VmRSS");
            var rssPeak = ServerSampler.ReadStatusKb(server.Id, "VmHWM");

            // Were the pods left as created? (What the watch history holds depends on it.)
            var changed = 0;
            foreach (var (name, resourceVersion) in sample)
            {
                using var response = await clients[0].GetAsync(new Uri($"/api/v1/namespaces/{ns}/pods/{name}", UriKind.Relative));
                response.EnsureSuccessStatusCode();
                if (ResourceVersion(await response.Content.ReadAsByteArrayAsync()) != resourceVersion)
                {
                    changed++;
                }
            }

            var latencies = run.Latencies;
            Array.Sort(latencies);
            var (stalls, stallCount) = Stalls(run, sampler);
            var first = sampler.Samples[0];
            var last = sampler.Samples[^1];
            var gcShare = last.AllCpuNs > first.AllCpuNs ? (last.GcCpuNs - first.GcCpuNs) / (double)(last.AllCpuNs - first.AllCpuNs) : 0;
            return new Result(
                latencies.Length,
                run.Seconds,
                latencies[latencies.Length / 2],
                latencies[(int)(latencies.Length * 0.99)],
                latencies[^1],
                rssBefore,
                rssAfter,
                rssPeak,
                Volatile.Read(ref connects), // 16 unless a connection was dropped and reopened
                stalls,
                stallCount,
                gcShare,
                clientPause,
                run.LongestClientPauseMs,
                warmUp.Latencies.Length,
                sample.Count,
                changed);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private sealed record Run(double[] Latencies, long[] Ends, long Start, double Seconds, double LongestClientPauseMs);

    /// <summary>Closed loop, as wrk: each connection sends its next create as soon as the last one is answered, until both minimums are met.</summary>
    /// <param name="sample">Gets the name and resourceVersion of every 1000th pod created, if given.</param>
    private static async Task<Run> LoadAsync(
        HttpClient[] clients, string ns, string prefix, int minCreates, TimeSpan minDuration, TimeSpan limit, ConcurrentBag<(string Name, string ResourceVersion)>? sample)
    {
        var uri = new Uri($"/api/v1/namespaces/{ns}/pods", UriKind.Relative);
        var next = -1;
        var sw = Stopwatch.StartNew();
        var start = Stopwatch.GetTimestamp();
        var perConnection = await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            var latencies = new List<double>(minCreates / Connections * 2);
            var ends = new List<long>(minCreates / Connections * 2);
            var longestPause = 0.0;
            while ((Volatile.Read(ref next) + 1 < minCreates || sw.Elapsed < minDuration) && sw.Elapsed < limit)
            {
                var i = Interlocked.Increment(ref next);
                using var request = new HttpRequestMessage(HttpMethod.Post, uri)
                {
                    Content = new ByteArrayContent(Encoding.UTF8.GetBytes(ApiBenchmark.PodManifest($"{prefix}-{i}"))),
                };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                var pause = GC.GetTotalPauseDuration();
                var begin = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsByteArrayAsync();
                var end = Stopwatch.GetTimestamp();
                if (response.StatusCode != HttpStatusCode.Created || response.Version != HttpVersion.Version11)
                {
                    throw new InvalidOperationException($"create failed: HTTP/{response.Version} {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
                }

                if (sample is not null && i % 1000 == 0)
                {
                    sample.Add(($"{prefix}-{i}", ResourceVersion(body)));
                }

                latencies.Add(Stopwatch.GetElapsedTime(begin, end).TotalMilliseconds);
                ends.Add(end);
                longestPause = Math.Max(longestPause, (GC.GetTotalPauseDuration() - pause).TotalMilliseconds);
            }

            return (Latencies: latencies, Ends: ends, LongestPause: longestPause);
        })));
        var seconds = sw.Elapsed.TotalSeconds;
        return new Run(
            [.. perConnection.SelectMany(c => c.Latencies)],
            [.. perConnection.SelectMany(c => c.Ends)],
            start,
            seconds,
            perConnection.Max(c => c.LongestPause));
    }

    private static string ResourceVersion(byte[] pod) => JsonNode.Parse(pod)!["metadata"]!["resourceVersion"]!.GetValue<string>();

    /// <summary>
    /// Gaps in which no request completed on any connection, longest first (the top 5), each with what the
    /// server's GC threads and its other threads ran in the sample window around it, how long its threads waited for a CPU,
    /// what it wrote to storage, and the client's own GC pause there.
    /// </summary>
    private static (IReadOnlyList<Stall> Top, int Count) Stalls(Run run, ServerSampler sampler)
    {
        var ends = run.Ends;
        Array.Sort(ends);
        var gaps = new List<(long From, long To)>();
        var previous = run.Start;
        foreach (var end in ends)
        {
            if (Stopwatch.GetElapsedTime(previous, end).TotalMilliseconds > StallMs)
            {
                gaps.Add((previous, end));
            }

            previous = end;
        }

        var top = gaps
            .OrderByDescending(g => g.To - g.From)
            .Take(5)
            .Select(g =>
            {
                var at = Stopwatch.GetElapsedTime(run.Start, g.From).TotalSeconds;
                var ms = Stopwatch.GetElapsedTime(g.From, g.To).TotalMilliseconds;
                if (sampler.Around(g.From, g.To) is not var (before, after))
                {
                    return new Stall(at, ms, null, null, null, null, null, null, null);
                }

                var gcMs = (after.GcCpuNs - before.GcCpuNs) / 1e6;
                return new Stall(
                    at,
                    ms,
                    Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalMilliseconds,
                    gcMs,
                    (after.BackgroundGcCpuNs - before.BackgroundGcCpuNs) / 1e6,
                    (after.AllCpuNs - before.AllCpuNs) / 1e6 - gcMs,
                    (after.RunQueueWaitNs - before.RunQueueWaitNs) / 1e6,
                    (after.WriteBytes - before.WriteBytes) / 1024.0 / 1024.0,
                    (after.ClientGcPause - before.ClientGcPause).TotalMilliseconds);
            })
            .ToList();
        return (top, gaps.Count);
    }
}
