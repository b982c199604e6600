using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Orchestrator.Api.Errors;

namespace Orchestrator.Api.Streaming;

/// <summary>
/// Forwards an HTTP/1.1 upgrade (WebSocket, or SPDY) to a kubelet and, once the kubelet switches protocols, relays
/// the raw bytes both ways (kube-apiserver's UpgradeAwareHandler): the gateway never parses the streams, so it
/// forwards whatever protocol client and kubelet agree on.
/// </summary>
public static class UpgradeProxy
{
    // Request headers the upgrade needs end to end (hop-by-hop ones are set afresh).
    private static readonly string[] ForwardedRequestHeaders =
        ["Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "X-Stream-Protocol-Version"];

    private static readonly string[] ForwardedResponseHeaders =
        ["Sec-WebSocket-Accept", "Sec-WebSocket-Protocol", "X-Stream-Protocol-Version"];

    public static bool IsUpgrade(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true };
    }

    public static async Task ForwardAsync(HttpContext context, HttpMessageInvoker kubelet, Uri target, Func<Exception, StatusException> unreachable)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(kubelet);
        ArgumentNullException.ThrowIfNull(unreachable);
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is not { IsUpgradableRequest: true })
        {
            throw StatusException.BadRequest("Upgrade request required");
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Connection.Add("Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", context.Request.Headers.Upgrade.ToArray());
        foreach (var name in ForwardedRequestHeaders)
        {
            if (context.Request.Headers.TryGetValue(name, out var values))
            {
                request.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

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
            if (response.StatusCode != HttpStatusCode.SwitchingProtocols)
            {
                throw await KubeletErrors.FromResponseAsync(response, context.RequestAborted).ConfigureAwait(false);
            }

            foreach (var name in ForwardedResponseHeaders)
            {
                if (response.Headers.TryGetValues(name, out var values))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }

            context.Response.Headers.Upgrade = response.Headers.Upgrade.ToString();
            var upstream = await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
            await using (upstream.ConfigureAwait(false))
            {
                var downstream = await upgrade.UpgradeAsync().ConfigureAwait(false);
                await using (downstream.ConfigureAwait(false))
                {
                    using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                    var toKubelet = CopyAsync(downstream, upstream, stop.Token);
                    var toClient = CopyAsync(upstream, downstream, stop.Token);

                    // Either side ending ends the session: the other may still hold a closing frame in flight, which
                    // each side's own close handshake has already exchanged by then.
                    await Task.WhenAny(toKubelet, toClient).ConfigureAwait(false);
                    await stop.CancelAsync().ConfigureAwait(false);
                    await Task.WhenAll(toKubelet, toClient).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                await to.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or HttpRequestException)
        {
            // One side closed or went away.
        }
    }
}
