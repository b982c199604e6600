using Microsoft.AspNetCore.Http;

namespace Orchestrator.Kubelet.Server;

/// <summary>
/// /portForward/{namespace}/{pod}: kubectl port-forward speaks SPDY/3.1 (tunnelled through a WebSocket since 1.31),
/// which is not served yet; the pod is checked so that the refusal says why.
/// </summary>
public static class PortForwardEndpoint
{
    public static async Task ServeAsync(HttpContext context, IPodContainerLocator locator)
    {
        ArgumentNullException.ThrowIfNull(context);
        var route = context.Request.RouteValues;
        await ContainerResolver.PodAsync(locator, (string)route["namespace"]!, (string)route["pod"]!, context.RequestAborted).ConfigureAwait(false);
        throw KubeletRequestException.BadRequest("unable to upgrade connection: port forwarding (SPDY/3.1) is not served by this kubelet yet");
    }
}
