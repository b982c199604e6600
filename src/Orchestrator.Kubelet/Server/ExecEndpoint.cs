using Microsoft.AspNetCore.Http;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Server;

/// <summary>
/// /exec/{namespace}/{pod}/{container}?command=…&amp;stdin&amp;stdout&amp;stderr&amp;tty and /attach/… (GET or POST):
/// a WebSocket speaking Kubernetes' channel protocol (<see cref="StreamProtocol"/>). SPDY, which kubectl before
/// 1.30 uses, is not served: such a request gets 400.
/// </summary>
public static class ExecEndpoint
{
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

        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw KubeletRequestException.BadRequest(
                $"unable to upgrade connection: this kubelet streams over WebSocket only ({string.Join(", ", StreamProtocol.Supported)}); SPDY is not served");
        }

        var protocol = StreamProtocol.Negotiate(context.WebSockets.WebSocketRequestedProtocols)
            ?? throw KubeletRequestException.BadRequest(
                $"unable to upgrade connection: none of the offered subprotocols is served (served: {string.Join(", ", StreamProtocol.Supported)})");
        var id = await ContainerResolver.ContainerIdAsync(locator, ns, pod, container, previous: false, context.RequestAborted).ConfigureAwait(false);

        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol).ConfigureAwait(false);
        var channels = new ChannelSocket(socket, protocol);
        IExecSession session;
        try
        {
            session = attach
                ? runtime is IContainerAttacher attacher
                    ? await attacher.AttachAsync(id, request, context.RequestAborted).ConfigureAwait(false)
                    : new LogFollowSession(runtime, id)
                : await runtime.ExecAsync(id, request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await channels.FinishAsync(StreamStatus.InternalError($"error executing command in container: {e.Message}"), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await using (session.ConfigureAwait(false))
        {
            await channels.RunAsync(session, request.Command, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
