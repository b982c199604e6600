using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace Orchestrator.Proxy.Tests.Dns;

/// <summary>
/// Raw DNS packets for the tests: well-formed queries and a corpus of malformed ones (what a fuzzer or a broken
/// client sends), written byte by byte on purpose, and small clients that send them over UDP and TCP.
/// </summary>
internal static class DnsPackets
{
    /// <summary>A standard query (RD set) for one question.</summary>
    public static byte[] Query(ushort id, string name, RecordType type = RecordType.A)
    {
        var packet = new List<byte>();
        packet.AddRange(Header(id, flags: 0x0100, qd: 1, an: 0, ns: 0, ar: 0));
        packet.AddRange(Name(name));
        packet.AddRange(U16((ushort)type));
        packet.AddRange(U16(1));
        return [.. packet];
    }

    /// <summary>Malformed packets, each with a name saying what is wrong.</summary>
    public static IEnumerable<(string Case, byte[] Packet)> MalformedCorpus()
    {
        var valid = Query(0x1234, "web.default.svc.cluster.local");
        yield return ("empty datagram", []);
        yield return ("one byte", [0x12]);
        yield return ("header only, truncated", valid[..11]);
        yield return ("header only, no question though qdcount 1", valid[..12]);
        for (var cut = 13; cut < valid.Length; cut += 7)
        {
            yield return ($"truncated at {cut}", valid[..cut]);
        }

        yield return ("0-count sections", Header(0x2222, 0x0100, 0, 0, 0, 0));
        yield return ("0-count sections with trailing garbage", [.. Header(0x2223, 0x0100, 0, 0, 0, 0), 1, 2, 3, 4]);
        yield return ("qdcount 65535, one question", [.. Header(0x2224, 0x0100, 0xFFFF, 0, 0, 0), .. valid[12..]]);
        yield return ("ancount 65535 in a query", [.. Header(0x2225, 0x0100, 1, 0xFFFF, 0xFFFF, 0xFFFF), .. valid[12..]]);

        // Compression pointers: to itself, a two-pointer loop, past the end, forward into the header.
        yield return ("pointer to itself", [.. Header(0x3331, 0x0100, 1, 0, 0, 0), 0xC0, 12, 0, 1, 0, 1]);
        yield return ("pointer loop", [.. Header(0x3332, 0x0100, 1, 0, 0, 0), 3, (byte)'a', (byte)'b', (byte)'c', 0xC0, 18, 0xC0, 12, 0, 1, 0, 1]);
        yield return ("pointer past the end", [.. Header(0x3333, 0x0100, 1, 0, 0, 0), 0xC0, 0xFF, 0, 1, 0, 1]);
        yield return ("pointer into the header", [.. Header(0x3334, 0x0100, 1, 0, 0, 0), 0xC0, 2, 0, 1, 0, 1]);
        var chain = new List<byte>(Header(0x3335, 0x0100, 1, 0, 0, 0));
        for (var i = 0; i < 200; i++)
        {
            // Each label points back to the previous one: a long chain, longer than any legal name.
            chain.AddRange([1, (byte)'x', 0xC0, (byte)(12 + Math.Max(0, (i - 1) * 4))]);
        }

        yield return ("pointer chain of 200 labels", [.. chain, 0, 0, 1, 0, 1]);

        // Labels: longer than 63 (the 0x40 and 0x80 label types are reserved), a name longer than 255.
        yield return ("label of 64 bytes", [.. Header(0x4441, 0x0100, 1, 0, 0, 0), 64, .. Enumerable.Repeat((byte)'a', 64), 0, 0, 1, 0, 1]);
        yield return ("label length 0x7F with 5 bytes", [.. Header(0x4442, 0x0100, 1, 0, 0, 0), 0x7F, 1, 2, 3, 4, 5]);
        yield return ("label type 0x80", [.. Header(0x4443, 0x0100, 1, 0, 0, 0), 0x80, (byte)'a', 0, 0, 1, 0, 1]);
        var longName = new List<byte>(Header(0x4444, 0x0100, 1, 0, 0, 0));
        for (var i = 0; i < 10; i++)
        {
            longName.Add(63);
            longName.AddRange(Enumerable.Repeat((byte)'b', 63));
        }

        yield return ("name of 640 bytes", [.. longName, 0, 0, 1, 0, 1]);
        yield return ("label with a dot and NULs", [.. Header(0x4445, 0x0100, 1, 0, 0, 0), 3, (byte)'a', 0, (byte)'.', 0, 0, 1, 0, 1]);

        // Odd flags: a response sent to the server, opcodes other than QUERY, an OPT record with a huge size.
        var response = (byte[])valid.Clone();
        response[2] |= 0x80;
        yield return ("QR set (a response)", response);
        var update = (byte[])valid.Clone();
        update[2] = (byte)(5 << 3);
        yield return ("opcode UPDATE", update);
        var status = (byte[])valid.Clone();
        status[2] = (byte)(2 << 3);
        yield return ("opcode STATUS", status);
        yield return ("OPT with rdlength past the end", [.. Header(0x5551, 0x0100, 1, 0, 0, 1), .. valid[12..], 0, 0, 41, 0xFF, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF]);
        yield return ("question type and class 0", [.. Header(0x5552, 0x0100, 1, 0, 0, 0), .. Name("a.cluster.local"), 0, 0, 0, 0]);

        var random = new Random(11);
        for (var i = 0; i < 40; i++)
        {
            var bytes = new byte[random.Next(1, 600)];
            random.NextBytes(bytes);
            yield return ($"random bytes #{i} ({bytes.Length})", bytes);
        }

        for (var i = 0; i < 40; i++)
        {
            // A valid query with a few bytes flipped: parsers fail in the corners.
            var flipped = (byte[])valid.Clone();
            for (var j = 0; j < 3; j++)
            {
                flipped[random.Next(2, flipped.Length)] = (byte)random.Next(256);
            }

            yield return ($"flipped query #{i}", flipped);
        }
    }

    /// <summary>Sends a datagram and returns the reply, or null when none came within the timeout.</summary>
    public static async Task<byte[]?> SendUdpAsync(IPEndPoint server, byte[] packet, TimeSpan timeout)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(server);
        await socket.SendAsync(packet, SocketFlags.None);
        var buffer = new byte[65535];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            return buffer[..received];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Sends a length-prefixed message over a new TCP connection; the reply, or null when the server closed or was silent.</summary>
    public static async Task<byte[]?> SendTcpAsync(IPEndPoint server, byte[] packet, TimeSpan timeout)
    {
        using var client = new TcpClient(server.AddressFamily);
        await client.ConnectAsync(server);
        var stream = client.GetStream();
        var framed = new byte[packet.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)packet.Length);
        packet.CopyTo(framed, 2);
        await stream.WriteAsync(framed);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var length = new byte[2];
            await stream.ReadExactlyAsync(length, cts.Token);
            var reply = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
            await stream.ReadExactlyAsync(reply, cts.Token);
            return reply;
        }
        catch (Exception e) when (e is OperationCanceledException or EndOfStreamException or IOException)
        {
            return null;
        }
    }

    /// <summary>An ARSoft client for a server at any port, over UDP or TCP.</summary>
    public static DnsClient Client(IPEndPoint server, bool tcp = false) =>
        new([server.Address], tcp ? [new TcpClientTransport(server.Port)] : [new UdpClientTransport(server.Port)], true, 3000);

    public static async Task<DnsMessage> AskAsync(IPEndPoint server, string name, RecordType type, bool tcp = false)
    {
        var client = Client(server, tcp);
        return await client.ResolveAsync(DomainName.Parse(name), type) ?? throw new TimeoutException($"no answer from {server} for {name} {type}");
    }

    /// <summary>A loopback port free for both UDP and TCP.</summary>
    public static IPEndPoint FreeEndPoint(string address = "127.0.0.1")
    {
        var ip = IPAddress.Parse(address);
        for (var attempt = 0; ; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(ip, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(ip, port));
                return new IPEndPoint(ip, port);
            }
            catch (SocketException) when (attempt < 20)
            {
            }
        }
    }

    private static byte[] Header(ushort id, ushort flags, ushort qd, ushort an, ushort ns, ushort ar) =>
        [.. U16(id), .. U16(flags), .. U16(qd), .. U16(an), .. U16(ns), .. U16(ar)];

    private static byte[] U16(ushort value) => [(byte)(value >> 8), (byte)value];

    private static byte[] Name(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }
}
