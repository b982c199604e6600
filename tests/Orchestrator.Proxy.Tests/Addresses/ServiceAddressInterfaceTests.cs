using System.Net;
using System.Net.Sockets;
using Orchestrator.Proxy.Addresses;
using Xunit;

namespace Orchestrator.Proxy.Tests.Addresses;

public sealed class ServiceAddressInterfaceTests
{
    [Fact]
    public async Task AnAddedAddressCanBeBoundAndARemovedOneCannot()
    {
        // A name of its own so the test never touches the interface a running cluster uses.
        using var dummy = new ServiceAddressInterface("orch-svctest0");
        var address = IPAddress.Parse("100.96.255.254");
        await dummy.AddAsync(address);
        await dummy.AddAsync(address); // idempotent
        try
        {
            using (var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                listener.Bind(new IPEndPoint(address, 0));
                listener.Listen();
                using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await client.ConnectAsync((IPEndPoint)listener.LocalEndPoint!);
                Assert.True(client.Connected);
            }
        }
        finally
        {
            await dummy.RemoveAsync(address);
            await dummy.RemoveAsync(address); // idempotent
            System.Diagnostics.Process.Start("ip", ["link", "del", dummy.Name])!.WaitForExit();
        }

        using var unbound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var error = Assert.Throws<SocketException>(() => unbound.Bind(new IPEndPoint(address, 0)));
        Assert.Equal(SocketError.AddressNotAvailable, error.SocketErrorCode);
    }

    [Fact]
    public async Task LoopbackAddressesNeedNoInterface()
    {
        using var dummy = new ServiceAddressInterface("orch-svctest1");
        await dummy.AddAsync(IPAddress.Parse("127.96.0.10"));
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Parse("127.96.0.10"), 0));
        Assert.False(Directory.Exists("/sys/class/net/orch-svctest1"));
    }
}
