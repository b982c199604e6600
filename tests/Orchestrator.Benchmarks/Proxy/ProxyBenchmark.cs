using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Akka.Event;
using Orchestrator.Proxy.Endpoints;
using Orchestrator.Proxy.Forwarding;

namespace Orchestrator.Benchmarks.Proxy;

/// <summary>
/// The service proxy's forwarding path (scripts/bench.sh proxy): 1 KB request, 1 KB response over 64 keep-alive TCP
/// connections, through a <see cref="TcpForwarder"/> listening on loopback and forwarding to an echo endpoint on
/// loopback, beside the same clients talking to that endpoint directly in the same run. It drives the forwarder
/// directly (the code every proxied connection runs through), not a ProxyActor against a gateway: the actor only
/// opens listeners and hands them endpoint snapshots, and is never in the data path. Runs alternate direct and
/// proxied rounds and keep each side's best, so a burst of other work on the machine hits both alike. Added latency
/// is the proxied round trip's percentile minus the direct one's, at 64 connections and for one connection alone
/// (the latency the proxy adds without queueing behind the other 63). As root with iptables it also measures the
/// kernel-forwarding alternative (a DNAT rule, kube-proxy's iptables mode) to the same endpoint.
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
        var rounds = Option(args, "--rounds", 3);

        using var endpoint = new EchoServer();
        var selector = new EndpointSelector(TimeSpan.FromSeconds(5));
        var listen = new IPEndPoint(IPAddress.Loopback, FreePort());
        using var forwarder = new TcpForwarder(
            new ListenerKey("TCP", listen),
            new ForwarderOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), 16 * 1024, NoLogger.Instance),
            selector,
            Task.CompletedTask);
        forwarder.Update(new EndpointSnapshot([endpoint.Address], null));
        while (!forwarder.IsBound)
        {
            await Task.Delay(10);
        }

        Console.WriteLine($"proxy benchmark: {connections} connections, {MessageBytes} B request/response, {rounds} rounds of {seconds} s per side, best kept");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, shared with other builds while this ran");
        // The kernel-forwarding candidate (kube-proxy's iptables mode): a DNAT rule from another loopback port to the
        // endpoint, measured beside the others when this runs as root with iptables.
        await using var dnat = await KernelDnat.TryCreateAsync(FreePort(), endpoint.Address);
        Result? direct = null, proxied = null, directOne = null, proxiedOne = null, kernel = null;
        for (var round = 0; round < rounds; round++)
        {
            direct = Best(direct, await MeasureAsync(endpoint.Address, connections, seconds));
            proxied = Best(proxied, await MeasureAsync(listen, connections, seconds));
            directOne = Best(directOne, await MeasureAsync(endpoint.Address, 1, Math.Max(1, seconds / 2)));
            proxiedOne = Best(proxiedOne, await MeasureAsync(listen, 1, Math.Max(1, seconds / 2)));
            if (dnat is not null)
            {
                kernel = Best(kernel, await MeasureAsync(dnat.Address, connections, seconds));
            }
        }

        report.Row($"throughput, {connections} connections", proxied!.MegabytesPerSecond, "MB/s", direct!.MegabytesPerSecond, "direct");
        report.Row($"round trip p50, {connections} connections", proxied.P50Micros, "µs", direct.P50Micros, "direct", higherIsBetter: false);
        report.Row($"round trip p99, {connections} connections", proxied.P99Micros, "µs", direct.P99Micros, "direct", higherIsBetter: false);
        report.Row("round trip p50, 1 connection", proxiedOne!.P50Micros, "µs", directOne!.P50Micros, "direct", higherIsBetter: false);
        report.Row("round trip p99, 1 connection", proxiedOne.P99Micros, "µs", directOne.P99Micros, "direct", higherIsBetter: false);
        var addedP50 = proxied.P50Micros - direct.P50Micros;
        var addedP99 = proxied.P99Micros - direct.P99Micros;
        var addedOneP50 = proxiedOne.P50Micros - directOne.P50Micros;
        var addedOneP99 = proxiedOne.P99Micros - directOne.P99Micros;
        if (kernel is not null)
        {
            report.Row($"iptables DNAT throughput, {connections} connections", kernel.MegabytesPerSecond, "MB/s", direct.MegabytesPerSecond, "direct");
            report.Row($"iptables DNAT round trip p99, {connections} connections", kernel.P99Micros, "µs", direct.P99Micros, "direct", higherIsBetter: false);
            report.Set("kernel_dnat_mb_per_s", kernel.MegabytesPerSecond);
        }
        else
        {
            Console.WriteLine("iptables DNAT: not measured (needs root and iptables)");
        }

        report.Target("proxy / direct throughput", 100 * proxied.MegabytesPerSecond / direct.MegabytesPerSecond, "%", 70, higherIsBetter: true);
        report.Target($"added p99, {connections} connections", addedP99, "µs", 100);
        report.Target("added p99, 1 connection", addedOneP99, "µs", 100);

        report.Set("proxy_mb_per_s", proxied.MegabytesPerSecond);
        report.Set("direct_mb_per_s", direct.MegabytesPerSecond);
        report.Set("proxy_added_p50_us", addedP50);
        report.Set("proxy_added_p99_us", addedP99);
        report.Set("proxy_single_connection_added_p50_us", addedOneP50);
        report.Set("proxy_single_connection_added_p99_us", addedOneP99);
        report.Set("connections_count", connections);
    }

    private static Result Best(Result? best, Result next) => best is null || next.MegabytesPerSecond > best.MegabytesPerSecond ? next : best;

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

    /// <summary>
    /// A nat OUTPUT rule in a chain of this process's own, sending 127.0.0.1:PORT to the endpoint in the kernel;
    /// removed on dispose. Only this benchmark's port is touched: the machine's other traffic never meets it.
    /// </summary>
    private sealed class KernelDnat : IAsyncDisposable
    {
        private readonly string _chain = "ORCH-BENCH-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

        private KernelDnat(IPEndPoint address) => Address = address;

        public IPEndPoint Address { get; }

        public static async Task<KernelDnat?> TryCreateAsync(int port, IPEndPoint endpoint)
        {
            if (!Environment.IsPrivilegedProcess || !File.Exists("/usr/sbin/iptables"))
            {
                return null;
            }

            var dnat = new KernelDnat(new IPEndPoint(IPAddress.Loopback, port));
            var ok = await IptablesAsync("-t", "nat", "-N", dnat._chain) == 0
                && await IptablesAsync("-t", "nat", "-A", dnat._chain, "-p", "tcp", "-d", "127.0.0.1", "--dport", port.ToString(CultureInfo.InvariantCulture), "-j", "DNAT", "--to-destination", endpoint.ToString()) == 0
                && await IptablesAsync("-t", "nat", "-I", "OUTPUT", "-j", dnat._chain) == 0;
            if (!ok)
            {
                await dnat.DisposeAsync();
                return null;
            }

            return dnat;
        }

        public async ValueTask DisposeAsync()
        {
            await IptablesAsync("-t", "nat", "-D", "OUTPUT", "-j", _chain);
            await IptablesAsync("-t", "nat", "-F", _chain);
            await IptablesAsync("-t", "nat", "-X", _chain);
        }

        private static async Task<int> IptablesAsync(params string[] args)
        {
            var start = new ProcessStartInfo("/usr/sbin/iptables") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
    }

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
