using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Client.Config;
using Orchestrator.Client.Http;
using Orchestrator.Client.Watch;
using Orchestrator.Model.Objects;

namespace Orchestrator.Client;

/// <summary>
/// The REST and watch client of the API, as client-go is kube-apiserver's: one pooled HTTP connection set per
/// client (share one instance per process and server), bearer-token or client-certificate authentication, and
/// TLS trusted through the cluster CA alone.
/// </summary>
public sealed class KubeClient : IKubeClient, IDisposable
{
    private const string JsonMediaType = "application/json";

    private readonly KubeClientSettings _settings;
    private readonly string _baseUrl;
    private readonly ServerCertificateValidator? _validator;
    private readonly HttpClient _http;

    public KubeClient(KubeClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _baseUrl = settings.Server.AbsoluteUri.TrimEnd('/');
        _validator = settings.Server.Scheme == Uri.UriSchemeHttps && !settings.InsecureSkipTlsVerify && !string.IsNullOrEmpty(settings.CertificateAuthorityPem)
            ? new ServerCertificateValidator(settings.CertificateAuthorityPem, settings.TlsServerName)
            : null;

        HttpMessageHandler handler = KubeHttpHandler.Create(settings, _validator);
        if (!string.IsNullOrEmpty(settings.Token) || !string.IsNullOrEmpty(settings.TokenFile))
        {
            handler = new BearerTokenHandler(settings.Token, settings.TokenFile, handler);
        }

        // Per-request timeouts are applied by hand: a watch must outlive any fixed client timeout.
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(settings.UserAgent);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonMediaType));
    }

    public Uri Server => _settings.Server;

    public string DefaultNamespace => _settings.Namespace;

    /// <summary>A client for a kubeconfig's context (its current context when none is named).</summary>
    public static KubeClient FromKubeconfig(Kubeconfig config, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new KubeClient(config.ToClientSettings(context));
    }

    /// <summary>A client for the kubeconfig kubectl would use (KUBECONFIG, else ~/.kube/config).</summary>
    public static KubeClient FromDefaultKubeconfig() => FromKubeconfig(Kubeconfig.LoadDefault());

    public async Task<JsonObject> GetAsync(ResourceRef resource, string? ns, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return await SendForObjectAsync(HttpMethod.Get, resource.ItemPath(NamespaceFor(resource, ns), name), null, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ListResult> ListAsync(ResourceRef resource, string? ns = null, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var query = new QueryString()
            .Add("labelSelector", options?.LabelSelector)
            .Add("fieldSelector", options?.FieldSelector)
            .Add("limit", options?.Limit)
            .Add("continue", options?.Continue)
            .Add("resourceVersion", options?.ResourceVersion)
            .Add("resourceVersionMatch", options?.ResourceVersionMatch);
        var list = await SendForObjectAsync(HttpMethod.Get, resource.CollectionPath(ns) + query, null, null, cancellationToken).ConfigureAwait(false);
        return ToListResult(list);
    }

    public async Task<JsonObject> CreateAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(obj);
        var path = resource.CollectionPath(NamespaceFor(resource, KubeObject.Namespace(obj)));
        return await SendForObjectAsync(HttpMethod.Post, path, obj, JsonMediaType, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonObject> CreateSubresourceAsync(ResourceRef resource, string? ns, string name, string subresource, JsonObject body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentException.ThrowIfNullOrEmpty(subresource);
        ArgumentNullException.ThrowIfNull(body);
        var path = resource.ItemPath(NamespaceFor(resource, ns), name, subresource);
        return await SendForObjectAsync(HttpMethod.Post, path, body, JsonMediaType, cancellationToken).ConfigureAwait(false);
    }

    public Task<JsonObject> UpdateAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default) =>
        PutAsync(resource, obj, null, cancellationToken);

    public Task<JsonObject> UpdateStatusAsync(ResourceRef resource, JsonObject obj, CancellationToken cancellationToken = default) =>
        PutAsync(resource, obj, "status", cancellationToken);

    public Task<JsonObject> UpdateSubresourceAsync(ResourceRef resource, JsonObject obj, string subresource, CancellationToken cancellationToken = default) =>
        PutAsync(resource, obj, subresource, cancellationToken);

    public async Task<JsonObject> PatchAsync(ResourceRef resource, string? ns, string name, PatchType patchType, JsonNode patch, string? subresource = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(patch);
        var contentType = patchType switch
        {
            PatchType.Merge => "application/merge-patch+json",
            PatchType.Json => "application/json-patch+json",
            PatchType.StrategicMerge => "application/strategic-merge-patch+json",
            _ => throw new ArgumentOutOfRangeException(nameof(patchType), patchType, "unknown patch type"),
        };
        var path = resource.ItemPath(NamespaceFor(resource, ns), name, subresource);
        return await SendForObjectAsync(HttpMethod.Patch, path, patch, contentType, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonObject> DeleteAsync(ResourceRef resource, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var path = resource.ItemPath(NamespaceFor(resource, ns), name) + DeleteQuery(options, new QueryString());
        return await SendForObjectAsync(HttpMethod.Delete, path, DeleteBody(options), JsonMediaType, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonObject> DeleteCollectionAsync(ResourceRef resource, string? ns, ListOptions? selection = null, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var query = new QueryString()
            .Add("labelSelector", selection?.LabelSelector)
            .Add("fieldSelector", selection?.FieldSelector);
        var path = resource.CollectionPath(NamespaceFor(resource, ns)) + DeleteQuery(options, query);
        return await SendForObjectAsync(HttpMethod.Delete, path, DeleteBody(options), JsonMediaType, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(ResourceRef resource, string? ns = null, WatchOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var query = new QueryString()
            .Add("watch", true)
            .Add("resourceVersion", options?.ResourceVersion)
            .Add("allowWatchBookmarks", options?.AllowWatchBookmarks ?? false)
            .Add("timeoutSeconds", options?.TimeoutSeconds)
            .Add("labelSelector", options?.LabelSelector)
            .Add("fieldSelector", options?.FieldSelector);
        using var request = NewRequest(HttpMethod.Get, resource.CollectionPath(ns) + query);
        using var response = await SendForStreamAsync(request, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var frame in JsonObjectStream.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                if (WatchEvent.FromFrame(frame) is { } watchEvent)
                {
                    yield return watchEvent;
                }
            }
        }
    }

    public async Task<string> GetRawAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var body = await SendAsync(HttpMethod.Get, path.StartsWith('/') ? path : "/" + path, null, null, cancellationToken).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(body);
    }

    public void Dispose()
    {
        _http.Dispose();
        _validator?.Dispose();
    }

    /// <summary>A list's items, detached so callers can keep them, with the apiVersion and kind the API leaves out of items.</summary>
    private static ListResult ToListResult(JsonObject list)
    {
        var listKind = KubeObject.Kind(list);
        var apiVersion = KubeObject.ApiVersion(list);
        var itemKind = listKind is { Length: > 4 } && listKind.EndsWith("List", StringComparison.Ordinal) ? listKind[..^4] : null;
        var items = new List<JsonObject>();
        if (list["items"] is JsonArray array)
        {
            items.AddRange(array.OfType<JsonObject>());
            array.Clear();
        }

        foreach (var item in items)
        {
            if (apiVersion is not null && item["apiVersion"] is null)
            {
                item["apiVersion"] = apiVersion;
            }

            if (itemKind is not null && item["kind"] is null)
            {
                item["kind"] = itemKind;
            }
        }

        return new ListResult(
            items,
            KubeObject.GetString(list, "metadata", "resourceVersion"),
            KubeObject.GetString(list, "metadata", "continue") is { Length: > 0 } next ? next : null)
        {
            Kind = listKind,
            ApiVersion = apiVersion,
            RemainingItemCount = KubeObject.GetInt64(list, "metadata", "remainingItemCount"),
        };
    }

    // Both places carry the options: kube-apiserver reads a DELETE's body when there is one, other servers the query.
    private static string DeleteQuery(DeleteOptions? options, QueryString query) => query
        .Add("gracePeriodSeconds", options?.GracePeriodSeconds)
        .Add("propagationPolicy", options?.PropagationPolicy)
        .Add("dryRun", options?.DryRun == true ? "All" : null)
        .ToString();

    private static JsonObject? DeleteBody(DeleteOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        var body = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1" };
        if (options.GracePeriodSeconds is { } grace)
        {
            body["gracePeriodSeconds"] = grace;
        }

        if (options.PropagationPolicy is { } policy)
        {
            body["propagationPolicy"] = policy;
        }

        if (options.PreconditionUid is not null || options.PreconditionResourceVersion is not null)
        {
            var preconditions = new JsonObject();
            if (options.PreconditionUid is { } uid)
            {
                preconditions["uid"] = uid;
            }

            if (options.PreconditionResourceVersion is { } rv)
            {
                preconditions["resourceVersion"] = rv;
            }

            body["preconditions"] = preconditions;
        }

        if (options.DryRun)
        {
            body["dryRun"] = new JsonArray("All");
        }

        return body;
    }

    private static ByteArrayContent Content(JsonNode body, string mediaType)
    {
        // No charset parameter: the media type alone is what patch handlers match on.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private static JsonObject ParseObject(byte[] body, string what) =>
        (body.Length == 0 ? null : JsonNode.Parse(body)) as JsonObject
            ?? throw new JsonException($"the response to {what} is not a JSON object");

    private async Task<JsonObject> PutAsync(ResourceRef resource, JsonObject obj, string? subresource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(obj);
        var name = KubeObject.Name(obj);
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("the object has no metadata.name", nameof(obj));
        }

        var path = resource.ItemPath(NamespaceFor(resource, KubeObject.Namespace(obj)), name, subresource);
        return await SendForObjectAsync(HttpMethod.Put, path, obj, JsonMediaType, cancellationToken).ConfigureAwait(false);
    }

    private string? NamespaceFor(ResourceRef resource, string? ns) =>
        !resource.Namespaced ? null : string.IsNullOrEmpty(ns) ? _settings.Namespace : ns;

    private HttpRequestMessage NewRequest(HttpMethod method, string pathAndQuery) => new(method, _baseUrl + pathAndQuery)
    {
        // HTTP/2 when TLS negotiates it (ALPN), else HTTP/1.1; cleartext stays HTTP/1.1.
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    private async Task<JsonObject> SendForObjectAsync(HttpMethod method, string pathAndQuery, JsonNode? body, string? mediaType, CancellationToken cancellationToken)
    {
        var response = await SendAsync(method, pathAndQuery, body, mediaType, cancellationToken).ConfigureAwait(false);
        return ParseObject(response, $"{method} {pathAndQuery}");
    }

    private async Task<byte[]> SendAsync(HttpMethod method, string pathAndQuery, JsonNode? body, string? mediaType, CancellationToken cancellationToken)
    {
        using var request = NewRequest(method, pathAndQuery);
        if (body is not null)
        {
            request.Content = Content(body, mediaType ?? JsonMediaType);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? bytes : throw KubeApiException.FromResponse(response.StatusCode, bytes);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {pathAndQuery} got no answer within {_settings.RequestTimeout}", e);
        }
    }

    /// <summary>Sends a request whose body is streamed (a watch); the timeout covers only the wait for the headers.</summary>
    private async Task<HttpResponseMessage> SendForStreamAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{request.Method} {request.RequestUri} got no answer within {_settings.RequestTimeout}", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            throw KubeApiException.FromResponse(response.StatusCode, bytes);
        }
    }
}
