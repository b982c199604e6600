using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Protobuf;

namespace Orchestrator.Api.Http.Verbs;

/// <summary>Reads what the verbs take from a request body: objects, patches, delete options.</summary>
public static class RequestObjects
{
    /// <summary>Reads the object of a create or update and checks it belongs to this URL (kind, apiVersion, namespace).</summary>
    public static async Task<JsonObject> ReadObjectAsync(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var type = request.Type;
        var obj = await ReadBodyObjectAsync(request).ConfigureAwait(false);
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

        FieldValidation.Apply(request.Context, type, obj);
        obj["apiVersion"] = type.GroupVersion;
        obj["kind"] = type.Kind;
        var metadata = KubeObject.Metadata(obj);
        if (type.Namespaced)
        {
            var bodyNamespace = KubeObject.Namespace(obj);
            if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != request.Namespace)
            {
                throw StatusException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = request.Namespace;
        }

        return obj;
    }

    /// <summary>A JSON object body, or the Kubernetes protobuf kubectl 1.3x sends for its typed commands.</summary>
    public static async Task<JsonObject> ReadBodyObjectAsync(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.Context;
        var limit = request.Gateway.Settings.MaxBodyBytes;
        if (RequestBody.MediaType(context) == KubeProtobuf.ContentType)
        {
            var bytes = await RequestBody.ReadAsync(context, limit).ConfigureAwait(false);
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

        return await RequestBody.ReadJsonAsync(context, limit).ConfigureAwait(false) as JsonObject
            ?? throw StatusException.BadRequest("the request body must be a JSON object");
    }

    /// <summary>A patch body and its kind, from the content type; strategic merge only for the kinds that define it.</summary>
    public static async Task<(PatchKind Kind, JsonNode Patch)> ReadPatchAsync(ResourceRequest request, string kind)
    {
        ArgumentNullException.ThrowIfNull(request);
        var patchKind = RequestBody.MediaType(request.Context) switch
        {
            "application/merge-patch+json" => PatchKind.Merge,
            "application/json-patch+json" => PatchKind.Json,
            "application/strategic-merge-patch+json" when kind == "Scale" || Model.Patching.StrategicMergePatch.Supports(kind) => PatchKind.StrategicMerge,
            var other => throw StatusException.UnsupportedMediaType(other),
        };
        return (patchKind, await RequestBody.ReadJsonAsync(request.Context, request.Gateway.Settings.MaxBodyBytes).ConfigureAwait(false));
    }

    /// <summary>metav1.DeleteOptions from the query and the body.</summary>
    public static async Task<DeleteOptions> ReadDeleteOptionsAsync(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query;
        long? grace = query.GracePeriodSeconds;
        var propagation = query.PropagationPolicy;
        string? uid = null, resourceVersion = null;
        var dryRun = query.DryRun;
        var bytes = await RequestBody.ReadAsync(request.Context, request.Gateway.Settings.MaxBodyBytes).ConfigureAwait(false);
        if (bytes.Length > 0)
        {
            if (RequestBody.Parse(bytes) is not JsonObject body)
            {
                throw StatusException.BadRequest("DeleteOptions must be a JSON object");
            }

            grace = KubeObject.GetInt64(body, "gracePeriodSeconds") ?? grace;
            propagation = KubeObject.GetString(body, "propagationPolicy") ?? propagation;

            // The deprecated orphanDependents: true is Orphan, false lets dependents be deleted.
            if (body["orphanDependents"] is JsonValue orphan && orphan.TryGetValue<bool>(out var orphanDependents))
            {
                if (propagation is not null)
                {
                    throw new StatusException(422, "Invalid", "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Invalid value: \"" + propagation + "\": orphanDependents and deletionPropagation cannot be both set");
                }

                propagation = orphanDependents ? "Orphan" : "Background";
            }
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
}
