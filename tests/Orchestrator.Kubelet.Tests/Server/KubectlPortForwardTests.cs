using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Orchestrator.Kubelet.Tests.TestSupport;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Server;

/// <summary>
/// kubectl port-forward through the gateway to the kubelet, which dials the pod's IP: here a TCP echo listener on
/// loopback stands in for the pod (the pod's IP is 127.0.0.1, as for the host-network fallback).
/// </summary>
public sealed class KubectlPortForwardTests(StreamingCluster cluster) : IClassFixture<StreamingCluster>
{
    [Theory]
    [InlineData(KubectlRunner.V132)]
    [InlineData(KubectlRunner.V127)]
    public async Task Port_forward_reaches_the_pods_port(string kubectl)
    {
        using var echo = new TcpListener(IPAddress.Loopback, 0);
        echo.Start();
        var podPort = ((IPEndPoint)echo.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var serving = ServeEchoAsync(echo, stop.Token);
        var localPort = KubeletTestServer.FreePort();

        var start = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["--kubeconfig", cluster.Kubeconfig, "port-forward", "pod/web", $"{localPort}:{podPort}", "--address", "127.0.0.1"])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(ready is not null && ready.Contains($"-> {podPort}", StringComparison.Ordinal), $"kubectl said {ready}; {(process.HasExited ? await stderr : "")}");

            // Two connections in turn: each is its own pair of streams on the one SPDY connection.
            foreach (var text in (string[])["ping\n", "pong again\n"])
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, localPort);
                var stream = client.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes(text));
                var buffer = new byte[text.Length];
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await stream.ReadExactlyAsync(buffer, timeout.Token);
                Assert.Equal(text, Encoding.ASCII.GetString(buffer));
            }
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            process.Kill();
            throw new IOException($"{e.Message}; kubectl said: {await stderr}", e);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync();
            await stop.CancelAsync();
            echo.Stop();
            await serving;
        }
    }

    private static async Task ServeEchoAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                connections.Add(Task.Run(
                    async () =>
                    {
                        using (client)
                        {
                            var stream = client.GetStream();
                            var buffer = new byte[4096];
                            int read;
                            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                            {
                                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                            }
                        }
                    },
                    cancellationToken));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        try
        {
            await Task.WhenAll(connections);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
            // Connections cut at the end.
        }
    }
}
