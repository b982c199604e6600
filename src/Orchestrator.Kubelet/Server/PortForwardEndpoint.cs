using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Orchestrator.Kubelet.Server.Spdy;

namespace Orchestrator.Kubelet.Server;

/// <summary>
/// /portForward/{namespace}/{pod}: Kubernetes' port-forward protocol (<see cref="PortForwarder"/>) over SPDY/3.1,
/// reached either by an HTTP upgrade to <c>SPDY/3.1</c> (kubectl before 1.31, and its fallback) or by a WebSocket
/// whose subprotocol <c>SPDY/3.1+portforward.k8s.io</c> tunnels the same SPDY bytes (kubectl 1.31 and later).
/// </summary>
public static class PortForwardEndpoint
{
    public const string Protocol = "portforward.k8s.io";
    public const string TunnelProtocol = "SPDY/3.1+portforward.k8s.io";

    private static readonly TimeSpan DialTimeout = TimeSpan.FromSeconds(10);

    public static async Task ServeAsync(HttpContext context, IPodContainerLocator locator)
    {
        ArgumentNullException.ThrowIfNull(context);
        var route = context.Request.RouteValues;
        var pod = await ContainerResolver.PodAsync(locator, (string)route["namespace"]!, (string)route["pod"]!, context.RequestAborted).ConfigureAwait(false);
        var forwarder = new PortForwarder(pod, DialTimeout);
        Stream transport;
        WebSocket? socket = null;
        if (context.WebSockets.IsWebSocketRequest)
        {
            if (!context.WebSockets.WebSocketRequestedProtocols.Contains(TunnelProtocol))
            {
                throw KubeletRequestException.BadRequest($"unable to upgrade connection: port forwarding over WebSocket needs the subprotocol {TunnelProtocol}");
            }

            socket = await AcceptTunnelAsync(context).ConfigureAwait(false);
            transport = WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: false);
        }
        else
        {
            var upgrade = context.Features.Get<IHttpUpgradeFeature>();
            if (upgrade is not { IsUpgradableRequest: true } || !context.Request.Headers.Upgrade.ToString().Contains("SPDY/3.1", StringComparison.OrdinalIgnoreCase))
            {
                throw KubeletRequestException.BadRequest("Upgrade request required");
            }

            var versions = context.Request.Headers["X-Stream-Protocol-Version"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries)).ToList();
            if (versions.Count > 0 && !versions.Contains(Protocol))
            {
                throw new KubeletRequestException(403, "Forbidden", $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(' ', versions)}], server accepts [{Protocol}]");
            }

            context.Response.Headers["X-Stream-Protocol-Version"] = Protocol;
            context.Response.Headers.Upgrade = "SPDY/3.1";
            transport = await upgrade.UpgradeAsync().ConfigureAwait(false);
        }

        await using (transport.ConfigureAwait(false))
        {
            using var connection = new SpdyConnection(transport);
            await connection.RunAsync(stream => forwarder.AcceptAsync(stream, context.RequestAborted), context.RequestAborted).ConfigureAwait(false);
        }

        socket?.Dispose();
    }

    /// <summary>
    /// The WebSocket handshake by hand: .NET refuses a subprotocol with a '/' in it (RFC 6455 makes it a token), and
    /// kubectl's is <c>SPDY/3.1+portforward.k8s.io</c>; the socket itself never needs to know its subprotocol.
    /// </summary>
    private static async Task<WebSocket> AcceptTunnelAsync(HttpContext context)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>()
            ?? throw KubeletRequestException.BadRequest("Upgrade request required");
        var key = context.Request.Headers["Sec-WebSocket-Key"].ToString();
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 for Sec-WebSocket-Accept; it proves nothing secret.
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers["Sec-WebSocket-Accept"] = accept;
        context.Response.Headers["Sec-WebSocket-Protocol"] = TunnelProtocol;
        var stream = await upgrade.UpgradeAsync().ConfigureAwait(false);
        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.FromSeconds(30) });
    }
}
