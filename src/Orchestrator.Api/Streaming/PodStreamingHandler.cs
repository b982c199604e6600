using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Streaming;

/// <summary>
/// A pod's streaming subresources — <c>log</c>, <c>exec</c>, <c>attach</c>, <c>portforward</c> — served as
/// kube-apiserver serves them: the pod and its container checked here (404 for an unknown pod, 400 without a
/// container name when the pod has several), then the request forwarded to the kubelet of the pod's node at its
/// InternalIP and status.daemonEndpoints.kubeletEndpoint.Port (10250 when unset). A kubelet that does not answer
/// is a 503 Status, never a crash.
/// </summary>
public static class PodStreamingHandler
{
    // The query parameters each subresource passes on to the kubelet (the rest are the API server's own).
    private static readonly string[] LogParameters = ["follow", "previous", "timestamps", "tailLines", "limitBytes", "sinceSeconds", "sinceTime"];
    private static readonly string[] ExecParameters = ["command", "stdin", "stdout", "stderr", "tty"];
    private static readonly string[] PortForwardParameters = ["ports"];

    public static bool Serves(ResourceType type, string? subresource) =>
        type is { Group: "", Plural: "pods" } && subresource is "log" or "exec" or "attach" or "portforward";

    public static async Task HandleAsync(HttpContext context, ApiGateway gateway, KubeletConnection? kubelets, ResourceType pods, string ns, string name, string subresource)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(pods);
        var method = context.Request.Method;
        if (subresource == "log" ? method != "GET" : method is not ("GET" or "POST"))
        {
            throw StatusException.MethodNotAllowed($"the server does not allow this method on the requested resource ({method} pods/{subresource})");
        }

        var lookup = await gateway.GetAsync(pods, ns, name, context.RequestAborted).ConfigureAwait(false);
        var pod = lookup.Object is { } found ? JsonNode.Parse(found.Json)!.AsObject() : throw StatusException.NotFound(pods, name);
        var container = subresource == "portforward" ? null : ContainerOf(pod, name, context.Request.Query["container"].ToString());
        var nodeName = pod["spec"]?["nodeName"]?.GetValue<string>() ?? "";
        if (nodeName.Length == 0)
        {
            if (subresource == "log")
            {
                // As Kubernetes: a pod on no node has no logs yet, and that is not an error.
                context.Response.StatusCode = 200;
                context.Response.ContentType = "text/plain";
                return;
            }

            throw StatusException.BadRequest($"pod {name} does not have a host assigned");
        }

        if (kubelets is null)
        {
            throw new StatusException(503, "ServiceUnavailable", "this API server has no credentials for the kubelets: logs, exec, attach and port-forward are not available");
        }

        var kubelet = await KubeletAddressAsync(gateway, nodeName, context.RequestAborted).ConfigureAwait(false);
        var target = new UriBuilder(kubelet)
        {
            Path = subresource switch
            {
                "log" => $"/containerLogs/{Escape(ns)}/{Escape(name)}/{Escape(container!)}",
                "exec" => $"/exec/{Escape(ns)}/{Escape(name)}/{Escape(container!)}",
                "attach" => $"/attach/{Escape(ns)}/{Escape(name)}/{Escape(container!)}",
                _ => $"/portForward/{Escape(ns)}/{Escape(name)}",
            },
            Query = Query(context.Request.Query, subresource switch { "log" => LogParameters, "portforward" => PortForwardParameters, _ => ExecParameters }),
        }.Uri;
        StatusException Unreachable(Exception e) =>
            new(503, "ServiceUnavailable", $"the kubelet of node \"{nodeName}\" at {kubelet.Authority} does not answer: {e.Message}");

        if (subresource == "log")
        {
            await ForwardLogAsync(context, kubelets.Invoker, target, Unreachable).ConfigureAwait(false);
        }
        else
        {
            await UpgradeProxy.ForwardAsync(context, kubelets.Invoker, target, Unreachable).ConfigureAwait(false);
        }
    }

    /// <summary>The container a request names, or the pod's only one; 400 as Kubernetes words it otherwise.</summary>
    public static string ContainerOf(JsonObject pod, string name, string requested)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var containers = Names(pod["spec"]?["containers"]);
        var init = Names(pod["spec"]?["initContainers"]);
        var ephemeral = Names(pod["spec"]?["ephemeralContainers"]);
        if (requested.Length > 0)
        {
            return containers.Contains(requested) || init.Contains(requested) || ephemeral.Contains(requested)
                ? requested
                : throw StatusException.BadRequest($"container {requested} is not valid for pod {name}");
        }

        return containers.Count switch
        {
            1 => containers[0],
            0 => throw StatusException.BadRequest($"a container name must be specified for pod {name}"),
            _ => throw StatusException.BadRequest(
                $"a container name must be specified for pod {name}, choose one of: [{string.Join(' ', containers)}]"
                + (init.Count > 0 ? $" or one of the init containers: [{string.Join(' ', init)}]" : "")),
        };
    }

    private static List<string> Names(JsonNode? list) =>
        list is JsonArray array ? [.. array.Select(c => c?["name"]?.GetValue<string>()).OfType<string>()] : [];

    /// <summary>https://{InternalIP}:{kubeletEndpoint port} of the node.</summary>
    private static async Task<Uri> KubeletAddressAsync(ApiGateway gateway, string nodeName, CancellationToken cancellationToken)
    {
        var nodes = gateway.Registry.FindByKind("", "Node") ?? throw StatusException.Internal("nodes are not served");
        var lookup = await gateway.GetAsync(nodes, "", nodeName, cancellationToken).ConfigureAwait(false);
        var node = lookup.Object is { } found ? JsonNode.Parse(found.Json)! : throw StatusException.NotFound(nodes, nodeName);
        var addresses = node["status"]?["addresses"] as JsonArray ?? [];
        string? AddressOf(string type) =>
            addresses.FirstOrDefault(a => a?["type"]?.GetValue<string>() == type)?["address"]?.GetValue<string>();
        var host = AddressOf("InternalIP") ?? AddressOf("Hostname") ?? AddressOf("ExternalIP")
            ?? throw new StatusException(503, "ServiceUnavailable", $"node \"{nodeName}\" publishes no address to reach its kubelet at");
        var port = node["status"]?["daemonEndpoints"]?["kubeletEndpoint"]?["Port"]?.GetValue<int>() is > 0 and var published
            ? published
            : KubeletConnection.DefaultPort;
        return new UriBuilder("https", host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host, port).Uri;
    }

    private static async Task ForwardLogAsync(HttpContext context, HttpMessageInvoker kubelet, Uri target, Func<Exception, StatusException> unreachable)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        HttpResponseMessage response;
        try
        {
            response = await kubelet.SendAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw unreachable(e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await KubeletErrors.FromResponseAsync(response, context.RequestAborted).ConfigureAwait(false);
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/plain";
            await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
            var body = await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var buffer = new byte[16 * 1024];
                int read;
                try
                {
                    while ((read = await body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
                    {
                        // Flushed at once: with follow, a line reaches kubectl as the container writes it.
                        await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
                        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    // The kubelet went away mid-stream: the log ends there, as it does with Kubernetes.
                }
            }
        }
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static string Query(IQueryCollection query, string[] names) =>
        string.Join('&', names.SelectMany(n => query[n].Select(v => $"{n}={Uri.EscapeDataString(v ?? "")}")));
}
