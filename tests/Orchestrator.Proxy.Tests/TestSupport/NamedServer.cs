using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orchestrator.Proxy.Tests.TestSupport;

/// <summary>
/// A real endpoint for the proxy tests: a TCP server that greets every connection with its name and a newline and
/// then echoes what it gets, and a UDP server on the same address that answers every datagram with its name.
/// </summary>
public sealed class NamedServer : IAsyncDisposable
{
    private readonly Socket _tcp;
    private readonly Socket _udp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Task _answering;

    public NamedServer(string name, IPEndPoint address)
    {
        Name = name;
        Address = address;
        _tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _tcp.Bind(address);
        _tcp.Listen(128);
        _udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _udp.Bind(address);
        _accepting = AcceptAsync();
        _answering = AnswerAsync();
    }

    public string Name { get; }

    public IPEndPoint Address { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _tcp.Dispose();
        _udp.Dispose();
        await Task.WhenAll(_accepting, _answering);
        _stop.Dispose();
    }

    /// <summary>Connects to <paramref name="address"/> and reads the greeting: the name of the server the connection reached.</summary>
    public static async Task<(Socket Socket, string Name)> ConnectAsync(IPEndPoint address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(address);
            return (socket, await ReadLineAsync(socket));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The name of the server one new connection reaches.</summary>
    public static async Task<string> WhoAsync(IPEndPoint address)
    {
        var (socket, name) = await ConnectAsync(address);
        socket.Dispose();
        return name;
    }

    /// <summary>Sends a line and reads the echo.</summary>
    public static async Task<string> EchoAsync(Socket socket, string text)
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes(text + "\n"), SocketFlags.None);
        return await ReadLineAsync(socket);
    }

    public static async Task<string> ReadLineAsync(Socket socket)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await socket.ReceiveAsync(one, SocketFlags.None) == 1 && one[0] != '\n')
        {
            line.Append((char)one[0]);
        }

        return line.ToString();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _tcp.AcceptAsync(_stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            try
            {
                await client.SendAsync(Encoding.ASCII.GetBytes(Name + "\n"), SocketFlags.None);
                var buffer = new byte[4096];
                int read;
                while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
                {
                    await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client or the server went away.
            }
        }
    }

    private async Task AnswerAsync()
    {
        var buffer = new byte[2048];
        try
        {
            while (true)
            {
                var received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                await _udp.SendToAsync(Encoding.ASCII.GetBytes(Name), SocketFlags.None, received.RemoteEndPoint);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
