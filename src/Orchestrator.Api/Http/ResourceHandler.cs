using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Akka.Actor;
using Orchestrator.Api.Admission;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Tables;
using Orchestrator.Api.Watch;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Protobuf;

namespace Orchestrator.Api.Http;

/// <summary>
/// Serves the verbs on resources: get, list, watch, create, update, patch, delete and deletecollection,
/// for every registered kind alike. Reads come from the watch caches, writes go to the entities.
/// </summary>
public sealed class ResourceHandler
{
    /// <summary>How much of a list response is buffered before it goes to the connection.</summary>
    private const int FlushEvery = 64 * 1024;

    private const string ApplyPatchMediaType = "application/apply-patch+yaml";

    private readonly ApiGateway _gateway;

    public ResourceHandler(ApiGateway gateway) => _gateway = gateway;

    public async Task HandleAsync(HttpContext context, RequestInfo info, ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(type);
        if (type.Namespaced == false && info.Namespace is not null)
        {
            throw StatusException.NotFound($"the server could not find the requested resource: {type.Plural} is not namespaced");
        }

        var ns = type.Namespaced ? info.Namespace ?? "" : "";
        if (info.Subresource is { } sub && !IsServedSubresource(type, sub))
        {
            throw StatusException.NotFound($"the server could not find the requested resource ({sub} of {type.QualifiedResource})");
        }

        var method = context.Request.Method;
        if (type.Namespaced && ns.Length == 0 && method != "GET")
        {
            // Only reads span namespaces (GET /api/v1/pods); a write must name its namespace.
            throw StatusException.MethodNotAllowed($"the server does not allow this method on the requested resource ({method} {type.QualifiedResource} without a namespace)");
        }

        var query = QueryOptions.Parse(context, type);
        switch (method, info.Name)
        {
            case ("GET", null) when query.Watch:
                await WatchAsync(context, type, ns, query).ConfigureAwait(false);
                break;
            case ("GET", null):
                await ListAsync(context, type, ns, query).ConfigureAwait(false);
                break;
            case ("GET", { } name) when info.Subresource == "scale":
                await SendAsync(context, new ScaleResource(ResourceKey.Of(type, ns, name), null, null, null, false)).ConfigureAwait(false);
                break;
            case ("PUT", { } name) when info.Subresource == "scale":
                await SendAsync(context, new ScaleResource(ResourceKey.Of(type, ns, name), JsonBytes.From(await ReadBodyObjectAsync(context).ConfigureAwait(false)), null, null, query.DryRun)).ConfigureAwait(false);
                break;
            case ("PATCH", { } name) when info.Subresource == "scale":
                var (kind, patch) = await ReadPatchAsync(context, "Scale").ConfigureAwait(false);
                await SendAsync(context, new ScaleResource(ResourceKey.Of(type, ns, name), null, kind, JsonBytes.From(patch), query.DryRun)).ConfigureAwait(false);
                break;
            case ("GET", { } name):
                await GetAsync(context, type, ns, name, query).ConfigureAwait(false);
                break;
            case ("POST", null):
                await CreateAsync(context, type, ns, query).ConfigureAwait(false);
                break;
            case ("POST", { } name) when info.Subresource == "binding":
                await BindAsync(context, type, ns, name).ConfigureAwait(false);
                break;
            case ("POST", { } name) when info.Subresource == "eviction":
                await EvictAsync(context, type, ns, name).ConfigureAwait(false);
                break;
            case ("PUT", { } name):
                await UpdateAsync(context, type, ns, name, info.Subresource, query).ConfigureAwait(false);
                break;
            case ("PATCH", { } name):
                await PatchAsync(context, type, ns, name, info.Subresource, query).ConfigureAwait(false);
                break;
            case ("DELETE", { } name):
                await DeleteAsync(context, type, ns, name, query).ConfigureAwait(false);
                break;
            case ("DELETE", null):
                await DeleteCollectionAsync(context, type, ns, query).ConfigureAwait(false);
                break;
            default:
                throw StatusException.MethodNotAllowed($"the server does not allow this method on the requested resource ({method} {type.QualifiedResource})");
        }
    }

    private static bool IsServedSubresource(ResourceType type, string subresource) => subresource switch
    {
        "status" => type.HasStatus,
        "binding" or "eviction" => type.Kind == "Pod" && type.Group.Length == 0,
        "finalize" => type.Kind == "Namespace" && type.Group.Length == 0,
        "scale" => type.HasScale,
        _ => false,
    };

    private async Task GetAsync(HttpContext context, ResourceType type, string ns, string name, QueryOptions query)
    {
        // A resourceVersion asks for the object at least that new: the caches must have reached it.
        if (QueryOptions.Revision(query.ResourceVersion) is { } revision)
        {
            await ResourceVersions.WaitForAsync(_gateway, revision, context.RequestAborted).ConfigureAwait(false);
        }

        var lookup = await _gateway.GetAsync(type, ns, name, context.RequestAborted).ConfigureAwait(false);
        if (lookup.Object is null)
        {
            throw StatusException.NotFound(type, name);
        }

        if (TableRenderer.Wanted(context))
        {
            var obj = JsonNode.Parse(lookup.Object.Json)!.AsObject();
            var table = TableRenderer.Render(type, [obj], KubeObject.ResourceVersion(obj), null, context.Request.Query["includeObject"], withColumns: true, _gateway.Time.GetUtcNow());
            await HttpResponses.WriteJsonAsync(context, 200, table).ConfigureAwait(false);
            return;
        }

        await HttpResponses.WriteJsonAsync(context, 200, lookup.Object.Json).ConfigureAwait(false);
    }

    private async Task ListAsync(HttpContext context, ResourceType type, string ns, QueryOptions query)
    {
        // A paged list is one snapshot: every page is served as of the first page's revision. So is an
        // Exact resourceVersion.
        string? continueAfter = null;
        long? atRevision = null;
        if (query.Continue is { } token)
        {
            (atRevision, continueAfter) = ContinueToken.Decode(token);
        }
        else if (query.ResourceVersionMatch == "Exact")
        {
            atRevision = QueryOptions.Revision(query.ResourceVersion)
                ?? throw StatusException.BadRequest($"resourceVersionMatch: Forbidden: resourceVersionMatch \"Exact\" is forbidden for resourceVersion \"{query.ResourceVersion}\"");
        }

        await WaitForConsistencyAsync(query.ResourceVersion, context.RequestAborted).ConfigureAwait(false);
        var filter = new WatchFilter(type.Namespaced && ns.Length > 0 ? ns : null, query.Labels, query.Fields);
        var list = await _gateway.CacheOf(type)
            .Ask<ObjectList>(new ListObjects(filter, continueAfter, query.Limit, atRevision), _gateway.Settings.RequestTimeout, context.RequestAborted)
            .ConfigureAwait(false);
        await WriteListAsync(context, type, list).ConfigureAwait(false);
    }

    /// <summary>
    /// resourceVersion unset: a consistent read (wait until the cache holds every committed write);
    /// "0": whatever the cache holds; N: at least N.
    /// </summary>
    private Task WaitForConsistencyAsync(string? resourceVersion, CancellationToken ct) =>
        resourceVersion switch
        {
            null or "" => _gateway.Feeder.WaitForHeadAsync(ct),
            "0" => Task.CompletedTask,
            _ => QueryOptions.Revision(resourceVersion) is { } revision ? ResourceVersions.WaitForAsync(_gateway, revision, ct) : Task.CompletedTask,
        };

    private async Task WriteListAsync(HttpContext context, ResourceType type, ObjectList list)
    {
        var continueToken = list.HasMore && list.Items.Count > 0 ? ContinueToken.Encode(list.Revision, list.Items[^1].Key) : null;
        if (TableRenderer.Wanted(context))
        {
            var objects = list.Items.Select(i => JsonNode.Parse(i.Json)!.AsObject());
            var table = TableRenderer.Render(type, objects, list.Revision.ToString(CultureInfo.InvariantCulture), continueToken, context.Request.Query["includeObject"], withColumns: true, _gateway.Time.GetUtcNow());
            await HttpResponses.WriteJsonAsync(context, 200, table).ConfigureAwait(false);
            return;
        }

        var metadata = new StringBuilder("{\"resourceVersion\":\"").Append(list.Revision.ToString(CultureInfo.InvariantCulture)).Append('"');
        if (continueToken is not null)
        {
            metadata.Append(",\"continue\":\"").Append(continueToken).Append('"');
        }

        metadata.Append('}');
        var head = Encoding.UTF8.GetBytes($"{{\"kind\":\"{type.ListKind}\",\"apiVersion\":\"{type.GroupVersion}\",\"metadata\":{metadata},\"items\":[");
        // Streamed item by item into the response pipe: a list of 10,000 pods is megabytes, and one array
        // of that size (a large-object-heap allocation) costs a full GC.
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = HttpResponses.Json;
        response.ContentLength = head.Length + 2 + list.Items.Sum(i => i.Json.Length) + Math.Max(0, list.Items.Count - 1);
        var writer = response.BodyWriter;
        writer.Write(head);
        var unflushed = head.Length;
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(","u8);
            }

            var json = list.Items[i].Json;
            writer.Write(json);
            unflushed += json.Length + 1;
            if (unflushed >= FlushEvery)
            {
                await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                unflushed = 0;
            }
        }

        writer.Write("]}"u8);
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private Task WatchAsync(HttpContext context, ResourceType type, string ns, QueryOptions query) =>
        WatchStream.ServeAsync(context, _gateway, type, new WatchFilter(type.Namespaced && ns.Length > 0 ? ns : null, query.Labels, query.Fields), query);

    private async Task CreateAsync(HttpContext context, ResourceType type, string ns, QueryOptions query)
    {
        var obj = await ReadObjectAsync(context, type, ns).ConfigureAwait(false);
        ObjectWrites.GenerateNameIfNeeded(obj);
        await WriteResultAsync(context, await CreateObjectAsync(context, type, ns, obj, query.DryRun).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>What every create does past reading the body: defaulting and validation, namespace admission, Service addresses, the entity.</summary>
    private async Task<ResourceResult> CreateObjectAsync(HttpContext context, ResourceType type, string ns, JsonObject obj, bool dryRun)
    {
        ObjectWrites.PrepareCreate(type, obj, _gateway.Time.GetUtcNow());
        if (type.Namespaced)
        {
            await AdmitNamespaceAsync(ns, context.RequestAborted).ConfigureAwait(false);
        }

        if (type.Kind == "Service" && type.Group.Length == 0 && _gateway.ServiceAllocator is { } allocator && !dryRun)
        {
            obj = (await allocator.Ask<ServiceAddressesAllocated>(new AllocateServiceAddresses(obj), _gateway.Settings.RequestTimeout, context.RequestAborted).ConfigureAwait(false)).Service;
        }

        return await _gateway.SendAsync(new CreateResource(ResourceKey.Of(type, ns, KubeObject.Name(obj)!), JsonBytes.From(obj), dryRun), context.RequestAborted).ConfigureAwait(false);
    }

    private async Task UpdateAsync(HttpContext context, ResourceType type, string ns, string name, string? subresource, QueryOptions query)
    {
        var obj = await ReadObjectAsync(context, type, ns).ConfigureAwait(false);
        ResourceVersions.CheckPrecondition(obj);
        if (KubeObject.Name(obj) is { } bodyName && bodyName != name)
        {
            throw StatusException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        await SendAsync(context, new UpdateResource(ResourceKey.Of(type, ns, name), JsonBytes.From(obj), subresource, query.DryRun)).ConfigureAwait(false);
    }

    private async Task<(PatchKind Kind, JsonNode Patch)> ReadPatchAsync(HttpContext context, string kind)
    {
        var patchKind = RequestBody.MediaType(context) switch
        {
            "application/merge-patch+json" => PatchKind.Merge,
            "application/json-patch+json" => PatchKind.Json,
            "application/strategic-merge-patch+json" when kind == "Scale" || Model.Patching.StrategicMergePatch.Supports(kind) => PatchKind.StrategicMerge,
            var other => throw StatusException.UnsupportedMediaType(other),
        };
        return (patchKind, await RequestBody.ReadJsonAsync(context, _gateway.Settings.MaxBodyBytes).ConfigureAwait(false));
    }

    private async Task PatchAsync(HttpContext context, ResourceType type, string ns, string name, string? subresource, QueryOptions query)
    {
        if (RequestBody.MediaType(context) == ApplyPatchMediaType)
        {
            await ApplyAsync(context, type, ns, name, subresource, query).ConfigureAwait(false);
            return;
        }

        var (kind, patch) = await ReadPatchAsync(context, type.Kind).ConfigureAwait(false);
        if (kind != PatchKind.Json)
        {
            ResourceVersions.CheckPrecondition(patch as JsonObject);
        }

        if (kind != PatchKind.Json && subresource is null)
        {
            FieldValidation.ApplyToPatch(context, type, patch);
        }
        else if (subresource is null)
        {
            FieldValidation.ApplyToJsonPatch(context);
        }

        await SendAsync(context, new PatchResource(ResourceKey.Of(type, ns, name), kind, JsonBytes.From(patch), subresource, query.DryRun)).ConfigureAwait(false);
    }

    /// <summary>
    /// Server-side apply: the entity merges the configuration into the stored object; when there is no
    /// object yet, the configuration is created as one (201), as Kubernetes does.
    /// </summary>
    private async Task ApplyAsync(HttpContext context, ResourceType type, string ns, string name, string? subresource, QueryOptions query)
    {
        if (subresource is not null)
        {
            throw StatusException.BadRequest($"server-side apply is served on the {type.Plural} resource itself, not on its {subresource} subresource");
        }

        var manager = context.Request.Query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            throw StatusException.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        }

        var force = context.Request.Query["force"].ToString() is "true" or "1";
        var bytes = await RequestBody.ReadAsync(context, _gateway.Settings.MaxBodyBytes).ConfigureAwait(false);
        var (config, duplicates) = ApplyConfiguration(type, ns, name, bytes);
        ResourceVersions.CheckPrecondition(config);
        FieldValidation.ApplyToConfiguration(context, type, config, duplicates);

        var options = new ApplyOptions(manager, force);
        var key = ResourceKey.Of(type, ns, name);
        for (var attempt = 0; ; attempt++)
        {
            var applied = await _gateway.SendAsync(new PatchResource(key, PatchKind.Apply, JsonBytes.From(config), null, query.DryRun, options), context.RequestAborted).ConfigureAwait(false);
            if (applied.Error is not { Code: 404 })
            {
                await WriteResultAsync(context, applied).ConfigureAwait(false);
                return;
            }

            var obj = ObjectWrites.ServerSideApply(type, null, config, options, _gateway.Time.GetUtcNow());
            var metadata = KubeObject.Metadata(obj);
            metadata["name"] = name;
            if (type.Namespaced)
            {
                metadata["namespace"] = ns;
            }

            var created = await CreateObjectAsync(context, type, ns, obj, query.DryRun).ConfigureAwait(false);
            if (created.Error is { Reason: "AlreadyExists" } && attempt == 0)
            {
                continue; // created by someone else meanwhile: apply to theirs
            }

            await WriteResultAsync(context, created).ConfigureAwait(false);
            return;
        }
    }

    /// <summary>An apply body (JSON, or YAML as users write manifests) naming this type and object, and the keys it repeats.</summary>
    private static (JsonObject Config, IReadOnlyList<DuplicateKey> Duplicates) ApplyConfiguration(ResourceType type, string ns, string name, byte[] bytes)
    {
        var trimmed = bytes.AsSpan().TrimStart(" \t\r\n"u8);
        JsonNode? parsed;
        IReadOnlyList<DuplicateKey> duplicates;
        if (trimmed.Length > 0 && trimmed[0] == (byte)'{')
        {
            var json = RequestBody.ParseDocument(bytes);
            (parsed, duplicates) = (json.Node, json.Duplicates);
        }
        else
        {
            (parsed, duplicates) = YamlBody.ParseDocument(bytes);
        }

        if (parsed is not JsonObject config)
        {
            throw StatusException.BadRequest("an apply patch must be an object");
        }

        if (KubeObject.ApiVersion(config) != type.GroupVersion || KubeObject.Kind(config) != type.Kind)
        {
            throw StatusException.BadRequest($"the apply configuration must have apiVersion \"{type.GroupVersion}\" and kind \"{type.Kind}\" (got \"{KubeObject.ApiVersion(config)}\" and \"{KubeObject.Kind(config)}\")");
        }

        if (KubeObject.Name(config) is { Length: > 0 } configName && configName != name)
        {
            throw StatusException.BadRequest($"the name of the object ({configName}) does not match the name on the URL ({name})");
        }

        if (type.Namespaced && KubeObject.Namespace(config) is { Length: > 0 } configNamespace && configNamespace != ns)
        {
            throw StatusException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        return (config, duplicates);
    }

    private async Task BindAsync(HttpContext context, ResourceType type, string ns, string name)
    {
        var binding = await ReadBodyObjectAsync(context).ConfigureAwait(false);
        var node = KubeObject.GetString(binding, "target", "name");
        if (string.IsNullOrEmpty(node))
        {
            throw StatusException.BadRequest("a binding needs target.name, the node to bind to");
        }

        var result = await _gateway.SendAsync(new BindPod(ResourceKey.Of(type, ns, name), node), context.RequestAborted).ConfigureAwait(false);
        if (result.Error is { } error)
        {
            throw error;
        }

        await HttpResponses.WriteJsonAsync(context, 201, HttpResponses.Success()).ConfigureAwait(false);
    }

    /// <summary>
    /// policy/v1 Eviction: a delete that disruption budgets may refuse. No PodDisruptionBudget kind is
    /// served yet, so every eviction is allowed and deletes the pod with the eviction's delete options.
    /// </summary>
    private async Task EvictAsync(HttpContext context, ResourceType type, string ns, string name)
    {
        var eviction = EvictionRequest.Parse(await ReadBodyObjectAsync(context).ConfigureAwait(false), ns, name);
        var delete = new DeleteOptions(eviction.GracePeriodSeconds, eviction.PreconditionUid, eviction.PreconditionResourceVersion, eviction.PropagationPolicy, eviction.DryRun);
        var result = await _gateway.SendAsync(new DeleteResource(ResourceKey.Of(type, ns, name), delete), context.RequestAborted).ConfigureAwait(false);
        if (result.Error is { } error)
        {
            throw error;
        }

        await HttpResponses.WriteJsonAsync(context, 201, HttpResponses.Success()).ConfigureAwait(false);
    }

    private async Task DeleteAsync(HttpContext context, ResourceType type, string ns, string name, QueryOptions query)
    {
        var options = await ReadDeleteOptionsAsync(context, query).ConfigureAwait(false);
        ImmortalNamespaces.CheckDelete(type, name);
        await SendAsync(context, new DeleteResource(ResourceKey.Of(type, ns, name), options)).ConfigureAwait(false);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceType type, string ns, QueryOptions query)
    {
        var options = await ReadDeleteOptionsAsync(context, query).ConfigureAwait(false);
        await _gateway.Feeder.WaitForHeadAsync(context.RequestAborted).ConfigureAwait(false);
        var filter = new WatchFilter(type.Namespaced && ns.Length > 0 ? ns : null, query.Labels, query.Fields);
        var list = await _gateway.CacheOf(type)
            .Ask<ObjectList>(new ListObjects(filter, null, 0), _gateway.Settings.RequestTimeout, context.RequestAborted)
            .ConfigureAwait(false);
        foreach (var item in list.Items)
        {
            ImmortalNamespaces.CheckDelete(type, item.Name); // refused before anything is deleted
        }

        var deleted = new List<CachedObject>();
        foreach (var item in list.Items)
        {
            var result = await _gateway.SendAsync(new DeleteResource(ResourceKey.Of(type, item.Namespace, item.Name), options), context.RequestAborted).ConfigureAwait(false);
            if (result.Error is { Code: not 404 } error)
            {
                throw error;
            }

            if (result.Object is not null)
            {
                deleted.Add(item with { Json = result.Object });
            }
        }

        await WriteListAsync(context, type, new ObjectList(deleted, list.Revision, false)).ConfigureAwait(false);
    }

    private async Task<DeleteOptions> ReadDeleteOptionsAsync(HttpContext context, QueryOptions query)
    {
        long? grace = query.GracePeriodSeconds;
        var propagation = query.PropagationPolicy;
        string? uid = null, resourceVersion = null;
        var dryRun = query.DryRun;
        var bytes = await RequestBody.ReadAsync(context, _gateway.Settings.MaxBodyBytes).ConfigureAwait(false);
        if (bytes.Length > 0)
        {
            if (RequestBody.Parse(bytes) is not JsonObject body)
            {
                throw StatusException.BadRequest("DeleteOptions must be a JSON object");
            }

            grace = KubeObject.GetInt64(body, "gracePeriodSeconds") ?? grace;
            propagation = KubeObject.GetString(body, "propagationPolicy") ?? propagation;
            uid = KubeObject.GetString(body, "preconditions", "uid");
            resourceVersion = KubeObject.GetString(body, "preconditions", "resourceVersion");
            dryRun |= body["dryRun"] is JsonArray { Count: > 0 };
        }

        if (grace < 0)
        {
            throw StatusException.BadRequest("gracePeriodSeconds must not be negative");
        }

        if (propagation is not (null or "Orphan" or "Background" or "Foreground"))
        {
            throw StatusException.BadRequest($"propagationPolicy: Unsupported value: \"{propagation}\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        }

        return new DeleteOptions(grace, uid, resourceVersion, propagation, dryRun);
    }

    /// <summary>Reads the object of a create or update and checks it belongs to this URL (kind, apiVersion, namespace).</summary>
    private async Task<JsonObject> ReadObjectAsync(HttpContext context, ResourceType type, string ns)
    {
        var obj = await ReadBodyObjectAsync(context).ConfigureAwait(false);
        if (KubeObject.ApiVersion(obj) is { } apiVersion && apiVersion != type.GroupVersion)
        {
            throw StatusException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.GroupVersion})");
        }

        if (KubeObject.Kind(obj) is { } kind && kind != type.Kind)
        {
            throw StatusException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }

        if (obj["metadata"] is not (null or JsonObject))
        {
            throw StatusException.BadRequest("metadata must be an object");
        }

        FieldValidation.Apply(context, type, obj);
        obj["apiVersion"] = type.GroupVersion;
        obj["kind"] = type.Kind;
        var metadata = KubeObject.Metadata(obj);
        if (type.Namespaced)
        {
            var bodyNamespace = KubeObject.Namespace(obj);
            if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
            {
                throw StatusException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = ns;
        }

        return obj;
    }

    private async Task<JsonObject> ReadBodyObjectAsync(HttpContext context)
    {
        if (RequestBody.MediaType(context) == KubeProtobuf.ContentType)
        {
            // kubectl 1.3x sends its typed commands' bodies as Kubernetes protobuf.
            var bytes = await RequestBody.ReadAsync(context, _gateway.Settings.MaxBodyBytes).ConfigureAwait(false);
            try
            {
                return KubeProtobuf.Decode(bytes);
            }
            catch (FormatException e)
            {
                throw StatusException.BadRequest($"the protobuf body could not be decoded: {e.Message}");
            }
        }

        if (!RequestBody.IsJson(context))
        {
            throw StatusException.UnsupportedMediaType(context.Request.ContentType ?? "");
        }

        return await RequestBody.ReadJsonAsync(context, _gateway.Settings.MaxBodyBytes).ConfigureAwait(false) as JsonObject
            ?? throw StatusException.BadRequest("the request body must be a JSON object");
    }

    /// <summary>Objects go only into a namespace that exists and is not being deleted (NamespaceLifecycle admission).</summary>
    private async Task AdmitNamespaceAsync(string ns, CancellationToken ct)
    {
        var namespaces = _gateway.Registry.FindByKind("", "Namespace");
        if (namespaces is null)
        {
            return;
        }

        // Like Kubernetes' NamespaceLifecycle admission: the lister first, a consistent read only when it
        // misses (the namespace may have been created a moment ago).
        var found = _gateway.ListerOf(namespaces).Get("", ns)
            ?? (await _gateway.GetAsync(namespaces, "", ns, ct).ConfigureAwait(false)).Object
            ?? throw StatusException.NotFound(namespaces, ns);
        if (found.Deleting)
        {
            throw new StatusException(403, "Forbidden", $"unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    private async Task SendAsync(HttpContext context, ResourceCommand command) =>
        await WriteResultAsync(context, await _gateway.SendAsync(command, context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);

    private static async Task WriteResultAsync(HttpContext context, ResourceResult result)
    {
        if (result.Error is { } error)
        {
            throw error;
        }

        await HttpResponses.WriteJsonAsync(context, result.Outcome == ResourceOutcome.Created ? 201 : 200, result.Object!).ConfigureAwait(false);
    }
}
