using Microsoft.AspNetCore.Http;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Server;

/// <summary>
/// /exec/{namespace}/{pod}/{container}?command=…&amp;stdin&amp;stdout&amp;stderr&amp;tty and /attach/… (GET or POST):
/// a WebSocket speaking Kubernetes' channel protocol (<see cref="StreamProtocol"/>), or an upgrade to SPDY/3.1
/// (<see cref="SpdyExec"/>), which kubectl before 1.30 uses.
/// </summary>
public static class ExecEndpoint
{
    private static readonly TimeSpan ClientStreamSetup = TimeSpan.FromMilliseconds(100);

    public static async Task ServeAsync(HttpContext context, IContainerRuntime runtime, IPodContainerLocator locator, bool attach)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(runtime);
        var route = context.Request.RouteValues;
        var (ns, pod, container) = ((string)route["namespace"]!, (string)route["pod"]!, (string)route["container"]!);
        var query = context.Request.Query;
        var request = new ExecRequest(
            attach ? [] : [.. query["command"].Select(c => c ?? "")],
            QueryFlags.Bool(query, "stdin"),
            QueryFlags.Bool(query, "stdout"),
            QueryFlags.Bool(query, "stderr"),
            QueryFlags.Bool(query, "tty"));
        if (!attach && request.Command.Count == 0)
        {
            throw KubeletRequestException.BadRequest("you must specify at least 1 command");
        }

        if (!request.Stdin && !request.Stdout && !request.Stderr)
        {
            throw KubeletRequestException.BadRequest("you must specify at least 1 of stdin, stdout, stderr");
        }

        if (request.Tty && request.Stderr)
        {
            // With a terminal, stderr is part of stdout (Kubernetes refuses both as well).
            request = request with { Stderr = false };
        }

        var id = await ContainerResolver.ContainerIdAsync(locator, ns, pod, container, previous: false, context.RequestAborted).ConfigureAwait(false);
        async Task<IExecSession> StartAsync(CancellationToken cancellationToken) => attach
            ? runtime is IContainerAttacher attacher
                ? await attacher.AttachAsync(id, request, cancellationToken).ConfigureAwait(false)
                : new LogFollowSession(runtime, id)
            : await runtime.ExecAsync(id, request, cancellationToken).ConfigureAwait(false);

        if (!context.WebSockets.IsWebSocketRequest)
        {
            if (SpdyExec.IsSpdyUpgrade(context))
            {
                await SpdyExec.ServeAsync(context, request, StartAsync).ConfigureAwait(false);
                return;
            }

            throw KubeletRequestException.BadRequest(
                $"unable to upgrade connection: streaming needs a WebSocket ({string.Join(", ", StreamProtocol.Supported)}) or an upgrade to SPDY/3.1 ({SpdyExec.Protocol})");
        }

        var protocol = StreamProtocol.Negotiate(context.WebSockets.WebSocketRequestedProtocols)
            ?? throw KubeletRequestException.BadRequest(
                $"unable to upgrade connection: none of the offered subprotocols is served (served: {string.Join(", ", StreamProtocol.Supported)})");

        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol).ConfigureAwait(false);
        var channels = new ChannelSocket(socket, protocol);
        IExecSession session;
        try
        {
            // client-go's WebSocket executor (kubectl 1.30+) starts reading before it has registered its streams and
            // drops what arrives in between ("Unknown stream id 1, discarding message", then "closed all streams"). A
            // command of the process runtime answers within a millisecond of the upgrade, before kubectl is ready; a
            // container engine's exec takes longer than this pause anyway.
            await Task.Delay(ClientStreamSetup, context.RequestAborted).ConfigureAwait(false);
            session = await StartAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await channels.FinishAsync(StreamStatus.InternalError($"error executing command in container: {e.Message}"), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await using (session.ConfigureAwait(false))
        {
            await channels.RunAsync(session, request, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
