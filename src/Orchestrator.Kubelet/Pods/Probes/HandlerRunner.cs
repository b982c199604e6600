using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Pods.Probes;

/// <summary>
/// Runs one handler of a probe or lifecycle hook against a container, as the kubelet's prober does: exec through
/// the runtime (exit code 0 succeeds), httpGet (a status from 200 to 399 succeeds; the host defaults to the pod's
/// IP), tcpSocket (a connection succeeds) and, for hooks, sleep. Never throws: a failure is a result.
/// </summary>
public sealed class HandlerRunner
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        // Probes talk to the pod's own endpoint: never through a proxy, and self-signed certificates are accepted as Kubernetes does.
        UseProxy = false,
        AllowAutoRedirect = false,
#pragma warning disable CA5359 // Kubernetes' HTTPS probes skip certificate verification: a pod's certificate is rarely for its IP.
        SslOptions = { RemoteCertificateValidationCallback = static (_, _, _, _) => true },
#pragma warning restore CA5359
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    private readonly IContainerRuntime _runtime;

    public HandlerRunner(IContainerRuntime runtime) => _runtime = runtime;

    /// <summary>Runs <paramref name="handler"/> (a probe or a lifecycle handler) in <paramref name="containerId"/> of a pod at <paramref name="podIp"/>.</summary>
    public async Task<HandlerResult> RunAsync(JsonObject handler, JsonObject container, string containerId, string podIp, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        try
        {
            if (handler["exec"] is JsonObject exec)
            {
                List<string> command = exec["command"] is JsonArray array ? [.. array.Select(c => c?.GetValue<string>() ?? "")] : [];
                var result = await _runtime.ExecSyncAsync(containerId, command, timeout, cancellationToken).ConfigureAwait(false);
                if (result.TimedOut)
                {
                    return HandlerResult.Failed($"command timed out after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s");
                }

                var output = Encoding.UTF8.GetString(result.Stdout) + Encoding.UTF8.GetString(result.Stderr);
                return result.ExitCode == 0 ? HandlerResult.Ok : HandlerResult.Failed($"command \"{string.Join(' ', command)}\" exited with {result.ExitCode}: {output.Trim()}");
            }

            if (handler["httpGet"] is JsonObject httpGet)
            {
                return await HttpGetAsync(httpGet, container, podIp, timeout, cancellationToken).ConfigureAwait(false);
            }

            if (handler["tcpSocket"] is JsonObject tcp)
            {
                var host = PodSpecs.Str(tcp, "host") is { Length: > 0 } h ? h : podIp;
                var port = ResolvePort(tcp["port"], container);
                using var client = new TcpClient();
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                cts.CancelAfter(timeout);
                await client.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
                return HandlerResult.Ok;
            }

            if (handler["sleep"] is JsonObject sleep)
            {
                await Task.Delay(TimeSpan.FromSeconds(PodSpecs.Int(sleep, "seconds") ?? 0), cancellationToken).ConfigureAwait(false);
                return HandlerResult.Ok;
            }

            return HandlerResult.Failed("the handler has no action");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HandlerResult.Failed($"timed out after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s");
        }
        catch (Exception failure) when (failure is SocketException or HttpRequestException or IOException or InvalidOperationException or ArgumentException or FormatException)
        {
            return HandlerResult.Failed(failure.Message);
        }
    }

    /// <summary>A port given as a number or as the name of one of the container's ports.</summary>
    public static int ResolvePort(JsonNode? port, JsonObject container)
    {
        if (PodSpecs.Number(port) is { } number)
        {
            return (int)number;
        }

        var name = port?.GetValue<string>() ?? throw new ArgumentException("no port");
        if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        return PodSpecs.Objects(container["ports"]).FirstOrDefault(p => PodSpecs.Str(p, "name") == name) is { } named && PodSpecs.Int(named, "containerPort") is { } p
            ? (int)p
            : throw new ArgumentException($"the container has no port named {name}");
    }

    private static async Task<HandlerResult> HttpGetAsync(JsonObject httpGet, JsonObject container, string podIp, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var scheme = (PodSpecs.Str(httpGet, "scheme") ?? "HTTP").ToLowerInvariant();
        var host = PodSpecs.Str(httpGet, "host") is { Length: > 0 } h ? h : podIp;
        var port = ResolvePort(httpGet["port"], container);
        var path = PodSpecs.Str(httpGet, "path") ?? "/";
        if (!path.StartsWith('/'))
        {
            path = "/" + path;
        }

        var uri = new UriBuilder(scheme, host, port).Uri + path.TrimStart('/');
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("User-Agent", "kube-probe/1.33");
        request.Headers.TryAddWithoutValidation("Accept", "*/*");
        foreach (var header in PodSpecs.Objects(httpGet["httpHeaders"]))
        {
            var name = PodSpecs.Str(header, "name") ?? "";
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, PodSpecs.Str(header, "value") ?? "");
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
        var code = (int)response.StatusCode;
        return code is >= 200 and < 400 ? HandlerResult.Ok : HandlerResult.Failed($"HTTP probe failed with statuscode: {code}");
    }
}
