using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Akka.Event;
using Orchestrator.Proxy.Endpoints;
using Orchestrator.Proxy.Forwarding;
using Orchestrator.Proxy.Kernel;

namespace Orchestrator.Benchmarks.Proxy;

/// <summary>
/// The service proxy's forwarding path (scripts/bench.sh proxy): 1 KB request, 1 KB response over 64 keep-alive TCP
/// connections to a Service address forwarding to an echo endpoint on loopback, beside the same clients talking to
/// that endpoint directly in the same run. The proxy's figures are those of its default mode: nftables (an
/// <see cref="NftablesProxier"/> holding the one listener's rules, as the proxy actor's would) when this runs as
/// root with nft, userspace otherwise; the userspace <see cref="TcpForwarder"/> is measured beside it either way.
/// Neither involves a ProxyActor against a gateway: the actor only hands listeners endpoint snapshots, and is never
/// in the data path. Rounds alternate direct and proxied runs, so a burst of other work on the machine hits both
/// alike. Added latency is the proxied round trip's percentile minus the direct one's (the median over rounds), at
/// 64 connections and for one connection alone (without queueing behind the other 63).
/// Then the cluster DNS benchmark (Dns/DnsBenchmark.cs), so the last line holds both.
/// Usage: bench proxy [--seconds N] [--connections N] [--rounds N] [--concurrency N (DNS clients)]
/// </summary>
internal static class ProxyBenchmark
{
    private const int MessageBytes = 1024;

    /// <summary>bench proxy: the forwarding figures, then the cluster DNS's (the one JSON line holds both).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var report = new Report();
        await MeasureAsync(args, report);
        await Dns.DnsBenchmark.MeasureAsync(args, report);
        report.PrintJson();
        return 0;
    }

    public static async Task MeasureAsync(string[] args, Report report)
    {
        var seconds = Option(args, "--seconds", 5);
        var connections = Option(args, "--connections", 64);
        var rounds = Option(args, "--rounds", 5);

        using var endpoint = new EchoServer();
        var snapshot = new EndpointSnapshot([endpoint.Address], null);

        // Userspace mode: a forwarder listening on loopback.
        var userspaceAddress = new IPEndPoint(IPAddress.Loopback, FreePort());
        using var forwarder = new TcpForwarder(
            new ListenerKey("TCP", userspaceAddress),
            new ForwarderOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), 16 * 1024, NoLogger.Instance),
            new EndpointSelector(TimeSpan.FromSeconds(5)),
            Task.CompletedTask);
        forwarder.Update(snapshot);
        while (!forwarder.IsBound)
        {
            await Task.Delay(10);
        }

        // nftables mode, where it can run: the rules of one listener on a loopback address (a node port's path: the
        // client is on the node), in a table of this process's own, deleted at the end.
        using var kernel = NftablesProxier.Unavailable() is null
            ? await NftablesProxier.StartAsync("orchestrator-proxy-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture), NoLogger.Instance)
            : null;
        var kernelAddress = new IPEndPoint(IPAddress.Loopback, FreePort());
        if (kernel is not null)
        {
            kernel.Open(new ListenerKey("TCP", kernelAddress)).Update(snapshot);
            await kernel.WrittenAsync();
        }

        var mode = kernel is null ? "userspace" : "nftables";
        Console.WriteLine($"proxy benchmark: {connections} connections, {MessageBytes} B request/response, {rounds} rounds of {seconds} s per side; default mode here: {mode}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, shared with other builds while this ran");
        // Each round measures direct, then the default mode, then the other, back to back, so that a figure and the
        // direct one it is compared with meet the same load; added latency is the median over rounds of those pairs'
        // differences, and the rows show each side's best round (by throughput).
        var direct = new List<Result>();
        var directOne = new List<Result>();
        var nftables = new List<Result>();
        var nftablesOne = new List<Result>();
        var userspace = new List<Result>();
        var userspaceOne = new List<Result>();
        for (var round = 0; round < rounds; round++)
        {
            direct.Add(await MeasureAsync(endpoint.Address, connections, seconds));
            if (kernel is not null)
            {
                nftables.Add(await MeasureAsync(kernelAddress, connections, seconds));
            }

            userspace.Add(await MeasureAsync(userspaceAddress, connections, seconds));
            directOne.Add(await MeasureAsync(endpoint.Address, 1, Math.Max(1, seconds / 2)));
            if (kernel is not null)
            {
                nftablesOne.Add(await MeasureAsync(kernelAddress, 1, Math.Max(1, seconds / 2)));
            }

            userspaceOne.Add(await MeasureAsync(userspaceAddress, 1, Math.Max(1, seconds / 2)));
        }

        var bestDirect = Best(direct);
        report.Row($"userspace throughput, {connections} connections", Best(userspace).MegabytesPerSecond, "MB/s", bestDirect.MegabytesPerSecond, "direct");
        report.Row($"userspace round trip p99, {connections} connections", Best(userspace).P99Micros, "µs", bestDirect.P99Micros, "direct", higherIsBetter: false);
        report.Row("userspace round trip p99, 1 connection", Best(userspaceOne).P99Micros, "µs", Best(directOne).P99Micros, "direct", higherIsBetter: false);
        report.Set("userspace_mb_per_s", Best(userspace).MegabytesPerSecond);
        report.Set("userspace_added_p99_us", MedianDifference(userspace, direct, r => r.P99Micros));
        if (kernel is not null)
        {
            report.Row($"nftables throughput, {connections} connections", Best(nftables).MegabytesPerSecond, "MB/s", bestDirect.MegabytesPerSecond, "direct");
            report.Row($"nftables round trip p50, {connections} connections", Best(nftables).P50Micros, "µs", bestDirect.P50Micros, "direct", higherIsBetter: false);
            report.Row($"nftables round trip p99, {connections} connections", Best(nftables).P99Micros, "µs", bestDirect.P99Micros, "direct", higherIsBetter: false);
            report.Row("nftables round trip p99, 1 connection", Best(nftablesOne).P99Micros, "µs", Best(directOne).P99Micros, "direct", higherIsBetter: false);
        }

        // The figures are the default mode's.
        var proxied = kernel is not null ? nftables : userspace;
        var proxiedOne = kernel is not null ? nftablesOne : userspaceOne;
        var addedP99 = MedianDifference(proxied, direct, r => r.P99Micros);
        var addedOneP99 = MedianDifference(proxiedOne, directOne, r => r.P99Micros);
        report.Target($"{mode} / direct throughput", 100 * Best(proxied).MegabytesPerSecond / bestDirect.MegabytesPerSecond, "%", 70, higherIsBetter: true);
        report.Target($"{mode} added p99, {connections} connections", addedP99, "µs", 100);
        report.Target($"{mode} added p99, 1 connection", addedOneP99, "µs", 100);

        report.Set("proxy_mode", mode);
        report.Set("proxy_mb_per_s", Best(proxied).MegabytesPerSecond);
        report.Set("direct_mb_per_s", bestDirect.MegabytesPerSecond);
        report.Set("proxy_added_p50_us", MedianDifference(proxied, direct, r => r.P50Micros));
        report.Set("proxy_added_p99_us", addedP99);
        report.Set("proxy_single_connection_added_p50_us", MedianDifference(proxiedOne, directOne, r => r.P50Micros));
        report.Set("proxy_single_connection_added_p99_us", addedOneP99);
        report.Set("connections_count", connections);
    }

    private static Result Best(List<Result> rounds) => rounds.MaxBy(r => r.MegabytesPerSecond)!;

    /// <summary>The median over rounds of a figure's difference from the direct one measured just before it.</summary>
    private static double MedianDifference(List<Result> proxied, List<Result> direct, Func<Result, double> figure)
    {
        var differences = proxied.Zip(direct, (p, d) => figure(p) - figure(d)).Order().ToList();
        return differences.Count % 2 == 1
            ? differences[differences.Count / 2]
            : (differences[(differences.Count / 2) - 1] + differences[differences.Count / 2]) / 2;
    }

    /// <summary>Each connection sends 1 KB and waits for the 1 KB answer, again and again, for the duration.</summary>
    private static async Task<Result> MeasureAsync(IPEndPoint target, int connections, int seconds)
    {
        var sockets = new List<Socket>();
        for (var i = 0; i < connections; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(target);
            sockets.Add(socket);
        }

        try
        {
            // A short warm-up, then the measured run.
            using (var warm = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
            {
                await Task.WhenAll(sockets.Select(s => Task.Run(() => PingPongAsync(s, warm.Token))));
            }

            var clock = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            var samples = await Task.WhenAll(sockets.Select(s => Task.Run(() => PingPongAsync(s, stop.Token))));
            var elapsed = clock.Elapsed.TotalSeconds;
            var all = samples.SelectMany(s => s).ToArray();
            Array.Sort(all);
            double Micros(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))] * 1e6 / Stopwatch.Frequency;
            return new Result(all.Length * 2.0 * MessageBytes / elapsed / 1e6, Micros(0.50), Micros(0.99));
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    private static async Task<List<long>> PingPongAsync(Socket socket, CancellationToken stop)
    {
        var request = new byte[MessageBytes];
        var response = new byte[MessageBytes];
        var samples = new List<long>(64 * 1024);
        while (!stop.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            // A round trip once begun is finished, so the token only ends the loop between round trips.
            await socket.SendAsync(request, SocketFlags.None, CancellationToken.None);
            var read = 0;
            while (read < MessageBytes)
            {
                var n = await socket.ReceiveAsync(response.AsMemory(read), SocketFlags.None, CancellationToken.None);
                if (n == 0)
                {
                    throw new InvalidOperationException("the endpoint closed the connection");
                }

                read += n;
            }

            samples.Add(Stopwatch.GetTimestamp() - start);
        }

        return samples;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Result(double MegabytesPerSecond, double P50Micros, double P99Micros);

    /// <summary>The endpoint: answers every 1 KB it receives with 1 KB, on each connection.</summary>
    private sealed class EchoServer : IDisposable
    {
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        public EchoServer()
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(512);
            Address = (IPEndPoint)_listener.LocalEndPoint!;
            _ = AcceptAsync();
        }

        public IPEndPoint Address { get; }

        public void Dispose() => _listener.Dispose();

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var socket = await _listener.AcceptAsync();
                    socket.NoDelay = true;
                    _ = EchoAsync(socket);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        private static async Task EchoAsync(Socket socket)
        {
            using (socket)
            {
                var buffer = new byte[MessageBytes];
                try
                {
                    while (true)
                    {
                        var read = 0;
                        while (read < MessageBytes)
                        {
                            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None);
                            if (n == 0)
                            {
                                return;
                            }

                            read += n;
                        }

                        await socket.SendAsync(buffer, SocketFlags.None);
                    }
                }
                catch (SocketException)
                {
                    // The client went away.
                }
            }
        }
    }
}
