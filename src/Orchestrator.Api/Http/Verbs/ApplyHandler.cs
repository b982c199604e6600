using System.Text.Json.Nodes;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;

namespace Orchestrator.Api.Http.Verbs;

/// <summary>
/// PATCH with <c>application/apply-patch+yaml</c>: server-side apply of a configuration (JSON, or YAML
/// as users write manifests), which creates the object when there is none (201).
/// </summary>
public static class ApplyHandler
{
    public const string MediaType = "application/apply-patch+yaml";

    public static async Task HandleAsync(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (context, type) = (request.Context, request.Type);
        if (request.Subresource is { } subresource)
        {
            throw StatusException.BadRequest($"server-side apply is served on the {type.Plural} resource itself, not on its {subresource} subresource");
        }

        var manager = context.Request.Query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            throw StatusException.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        }

        var force = context.Request.Query["force"].ToString() is "true" or "1";
        var bytes = await RequestBody.ReadAsync(context, request.Gateway.Settings.MaxBodyBytes).ConfigureAwait(false);
        var (config, duplicates) = Configuration(type, request.Namespace, request.ObjectName, bytes);
        ResourceVersions.CheckPrecondition(config);
        FieldValidation.ApplyToConfiguration(context, type, config, duplicates);

        var result = await request.Writes.ApplyAsync(type, request.Namespace, request.ObjectName, config, new ApplyOptions(manager, force), request.Query.DryRun, request.Aborted).ConfigureAwait(false);
        await HttpResponses.WriteResultAsync(context, result).ConfigureAwait(false);
    }

    /// <summary>An apply body naming this type and object, and the keys it repeats.</summary>
    private static (JsonObject Config, IReadOnlyList<DuplicateKey> Duplicates) Configuration(ResourceType type, string ns, string name, byte[] bytes)
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
}
