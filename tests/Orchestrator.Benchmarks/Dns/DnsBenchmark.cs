using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Proxy.Dns;

namespace Orchestrator.Benchmarks.Dns;

/// <summary>
/// A-record lookups of a Service name per second against the cluster DNS server (its ARSoft UDP server and
/// responder, records of 1,000 Services in 10 namespaces, the same code `up` runs), beside dnsmasq answering a
/// name from its hosts file on loopback in the same run: the baseline resolver (the machine's own resolver is an
/// address outside this machine and is never asked). The same closed-loop UDP client drives both: N concurrent
/// sockets, each sending the next query as soon as the answer arrives. Rounds alternate between the two.
/// Options: --seconds S (per round, default 5), --rounds R (default 2), --concurrency N (default 32).
/// </summary>
internal static class DnsBenchmark
{
    private const string ServiceName = "web-500.ns-5.svc.cluster.local";
    private const string BaselineName = "baseline.bench.local";

    public static async Task<int> RunAsync(string[] args)
    {
        var report = new Report();
        await MeasureAsync(args, report);
        report.PrintJson();
        return 0;
    }

    public static async Task MeasureAsync(string[] args, Report report)
    {
        var seconds = IntOption(args, "--seconds", 5);
        var rounds = IntOption(args, "--rounds", 2);
        var concurrency = IntOption(args, "--concurrency", 32);

        using var forwarder = new UpstreamForwarder([], TimeSpan.FromSeconds(1));
        var records = ClusterDnsRecordsBuilder.Build("cluster.local", 5, Services(), [], synced: true);
        using var server = new ClusterDnsServer(new ClusterDnsResponder(records, forwarder));
        var ours = FreeEndPoint();
        server.Listen(ours);

        var baseline = FreeEndPoint();
        var workDir = Directory.CreateTempSubdirectory("dns-bench-");
        using var dnsmasq = StartDnsmasq(baseline, workDir.FullName);
        try
        {
            await WaitAnswersAsync(baseline, BaselineName);
            await WaitAnswersAsync(ours, ServiceName);

            // Warm-up: the JIT, ARSoft's paths, dnsmasq's cache.
            await LoadAsync(ours, ServiceName, concurrency, TimeSpan.FromSeconds(2));
            await LoadAsync(baseline, BaselineName, concurrency, TimeSpan.FromSeconds(1));

            var oursRuns = new List<LoadResult>();
            var baselineRuns = new List<LoadResult>();
            for (var round = 0; round < rounds; round++)
            {
                oursRuns.Add(await LoadAsync(ours, ServiceName, concurrency, TimeSpan.FromSeconds(seconds)));
                baselineRuns.Add(await LoadAsync(baseline, BaselineName, concurrency, TimeSpan.FromSeconds(seconds)));
            }

            var oursQps = oursRuns.Average(r => r.QueriesPerSecond);
            var baselineQps = baselineRuns.Average(r => r.QueriesPerSecond);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{concurrency} concurrent UDP clients, {rounds} rounds of {seconds} s each, {Environment.ProcessorCount} cores"));
            report.Row($"A {ServiceName}", oursQps, "queries/s", baselineQps, "dnsmasq (hosts file)");
            report.Row("cluster DNS p50 latency", oursRuns.Average(r => r.P50Us), "us", baselineRuns.Average(r => r.P50Us), "dnsmasq", higherIsBetter: false);
            report.Row("cluster DNS p99 latency", oursRuns.Average(r => r.P99Us), "us", baselineRuns.Average(r => r.P99Us), "dnsmasq", higherIsBetter: false);
            report.Row("unanswered queries (1 s timeout)", oursRuns.Sum(r => r.Lost), "queries", baselineRuns.Sum(r => r.Lost), "dnsmasq", higherIsBetter: false);
            report.Target("cluster DNS A lookups", oursQps, "queries/s", 20_000, higherIsBetter: true);
            report.Set("dns_queries_per_s", oursQps);
            report.Set("dnsmasq_queries_per_s", baselineQps);
            report.Set("dns_p99_us", oursRuns.Average(r => r.P99Us));
            report.Set("dnsmasq_p99_us", baselineRuns.Average(r => r.P99Us));
        }
        finally
        {
            if (!dnsmasq.HasExited)
            {
                dnsmasq.Kill();
                await dnsmasq.WaitForExitAsync();
            }

            workDir.Delete(recursive: true);
        }
    }

    private static IEnumerable<JsonObject> Services()
    {
        for (var i = 0; i < 1000; i++)
        {
            yield return new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = $"web-{i}", ["namespace"] = $"ns-{i / 100}" },
                ["spec"] = new JsonObject
                {
                    ["clusterIP"] = $"100.96.{i / 250}.{(i % 250) + 1}",
                    ["ports"] = new JsonArray { new JsonObject { ["name"] = "http", ["port"] = 80 } },
                },
            };
        }
    }

    /// <summary>dnsmasq on loopback with no upstream, no /etc/hosts and no config file: only its own hosts file.</summary>
    private static Process StartDnsmasq(IPEndPoint endPoint, string workDir)
    {
        var hosts = Path.Combine(workDir, "hosts");
        File.WriteAllText(hosts, $"127.1.0.1 {BaselineName}\n");
        var start = new ProcessStartInfo("dnsmasq") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])[
            "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", $"--addn-hosts={hosts}",
            $"--listen-address={endPoint.Address}", "--bind-interfaces", $"--port={endPoint.Port}", "--pid-file=", "--cache-size=10000", "--user=root"])
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dnsmasq did not start (scripts/setup.sh installs dnsmasq-base)");
    }

    private static async Task WaitAnswersAsync(IPEndPoint server, string name)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var probe = await LoadAsync(server, name, 1, TimeSpan.FromMilliseconds(100));
            if (probe.Answered > 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"{server} never answered {name}");
    }

    private sealed record LoadResult(long Answered, long Lost, double QueriesPerSecond, double P50Us, double P99Us);

    /// <summary>Closed-loop load: each of <paramref name="concurrency"/> sockets sends a query, waits for its answer (A, NOERROR, one record at least), repeats.</summary>
    private static async Task<LoadResult> LoadAsync(IPEndPoint server, string name, int concurrency, TimeSpan duration)
    {
        var stopwatch = Stopwatch.StartNew();
        var until = stopwatch.Elapsed + duration;
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(server);
            var query = Query(name);
            var reply = new byte[1500];
            var latencies = new List<double>(64 * 1024);
            long answered = 0, lost = 0;
            var id = (ushort)(w << 10);
            while (stopwatch.Elapsed < until)
            {
                id++;
                BinaryPrimitives.WriteUInt16BigEndian(query, id);
                var sent = stopwatch.Elapsed;
                await socket.SendAsync(query, SocketFlags.None);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                try
                {
                    while (true)
                    {
                        var length = await socket.ReceiveAsync(reply, SocketFlags.None, timeout.Token);
                        // A late answer to an earlier query is skipped; only this query's answer counts.
                        if (length >= 12 && BinaryPrimitives.ReadUInt16BigEndian(reply) == id)
                        {
                            if ((reply[3] & 0x0F) == 0 && BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(6)) > 0)
                            {
                                answered++;
                                latencies.Add((stopwatch.Elapsed - sent).TotalMicroseconds);
                            }
                            else
                            {
                                lost++;
                            }

                            break;
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    lost++;
                }
                catch (SocketException)
                {
                    // Nothing listens yet (ICMP port unreachable on the connected socket): the probe retries.
                    lost++;
                    await Task.Delay(10);
                }
            }

            return (answered, lost, latencies);
        })).ToList();
        var results = await Task.WhenAll(workers);
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var all = results.SelectMany(r => r.latencies).Order().ToList();
        double Percentile(double p) => all.Count == 0 ? 0 : all[Math.Min(all.Count - 1, (int)(all.Count * p))];
        var answeredTotal = results.Sum(r => r.answered);
        return new LoadResult(answeredTotal, results.Sum(r => r.lost), answeredTotal / elapsed, Percentile(0.50), Percentile(0.99));
    }

    /// <summary>A standard recursive query for the A record of <paramref name="name"/> (the ID is set per send).</summary>
    private static byte[] Query(string name)
    {
        var packet = new List<byte> { 0, 0, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.Split('.'))
        {
            packet.Add((byte)label.Length);
            packet.AddRange(Encoding.ASCII.GetBytes(label));
        }

        packet.AddRange([0, 0, 1, 0, 1]);
        return [.. packet];
    }

    private static IPEndPoint FreeEndPoint()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
