using Orchestrator.Model.Patching;
using Orchestrator.Model.Schema;

namespace Orchestrator.Model.OpenApi;

/// <summary>
/// The operations Kubernetes serves for one resource: list, create and deletecollection on the
/// collection, get, replace, patch and delete on an object, list across namespaces, and the
/// subresources. Watch is a list with <c>watch=true</c>; the deprecated <c>/watch/</c> paths are not served.
/// </summary>
internal static class ResourceOperations
{
    private const string JsonPatch = "application/json-patch+json";
    private const string MergePatch = "application/merge-patch+json";
    private const string StrategicMergePatch = "application/strategic-merge-patch+json";

    public static IEnumerable<ApiOperation> For(OpenApiResource resource, string definition, string listDefinition, OpenApiOptions options)
    {
        var gvk = new GroupVersionKind(resource.Group, resource.Version, resource.Kind);
        var scope = resource.Namespaced ? "/namespaces/{namespace}" : "";
        var collection = $"{resource.UrlPrefix}{scope}/{resource.Plural}";
        var item = collection + "/{name}";
        var collectionParameters = resource.Namespaced ? new[] { StandardParameters.Namespace, StandardParameters.Pretty } : [StandardParameters.Pretty];
        var itemParameters = resource.Namespaced
            ? new[] { StandardParameters.Name(resource.Kind), StandardParameters.Namespace, StandardParameters.Pretty }
            : [StandardParameters.Name(resource.Kind), StandardParameters.Pretty];
        var status = ObjectOf(options, "v1", "Status");
        var deleteOptions = ObjectOf(options, "meta.k8s.io/v1", "DeleteOptions");
        var write = StandardParameters.Write(options.FieldValidation);
        var patch = StandardParameters.Patch(options.FieldValidation);
        var patchTypes = PatchTypes(resource.Kind);
        var tag = OperationNames.Tag(resource);

        ApiOperation Operation(string path, string method, string action, string id, string description, IReadOnlyList<ApiParameter> pathParameters, IReadOnlyList<ApiResponse> responses, GroupVersionKind? kind = null) => new()
        {
            Path = path,
            Method = method,
            Action = action,
            OperationId = id,
            Description = description,
            Gvk = kind ?? gvk,
            Tag = tag,
            GroupVersionPath = resource.GroupVersionPath,
            PathParameters = pathParameters,
            Responses = [.. responses, ApiResponse.Unauthorized],
        };

        yield return Operation(collection, "get", "list", OperationNames.Operation("list", resource), $"list or watch objects of kind {resource.Kind}", collectionParameters, [new("200", listDefinition)]) with
        {
            Parameters = StandardParameters.List,
            Produces = ["application/json", "application/json;stream=watch"],
        };
        yield return Operation(collection, "post", "post", OperationNames.Operation("create", resource), $"create {Article(resource.Kind)} {resource.Kind}", collectionParameters, Created(definition)) with
        {
            Parameters = write,
            Body = definition,
            BodyRequired = true,
        };
        yield return Operation(collection, "delete", "deletecollection", OperationNames.Operation("delete", resource, infix: "Collection"), $"delete collection of {resource.Kind}", collectionParameters, [new("200", status)]) with
        {
            Parameters = StandardParameters.DeleteCollection,
            Body = deleteOptions,
        };
        yield return Operation(item, "get", "get", OperationNames.Operation("read", resource), $"read the specified {resource.Kind}", itemParameters, [new("200", definition)]);
        yield return Operation(item, "put", "put", OperationNames.Operation("replace", resource), $"replace the specified {resource.Kind}", itemParameters, Replaced(definition)) with
        {
            Parameters = write,
            Body = definition,
            BodyRequired = true,
        };
        yield return Operation(item, "patch", "patch", OperationNames.Operation("patch", resource), $"partially update the specified {resource.Kind}", itemParameters, Replaced(definition)) with
        {
            Parameters = patch,
            Body = WellKnownDefinitions.Patch,
            BodyRequired = true,
            Consumes = patchTypes,
        };
        yield return Operation(item, "delete", "delete", OperationNames.Operation("delete", resource), $"delete {Article(resource.Kind)} {resource.Kind}", itemParameters, [new("200", status), new("202", status)]) with
        {
            Parameters = StandardParameters.Delete,
            Body = deleteOptions,
        };

        if (resource.Namespaced)
        {
            yield return Operation($"{resource.UrlPrefix}/{resource.Plural}", "get", "list", $"list{OperationNames.GroupVersion(resource)}{resource.Kind}ForAllNamespaces", $"list or watch objects of kind {resource.Kind}", [StandardParameters.Pretty], [new("200", listDefinition)]) with
            {
                Parameters = StandardParameters.List,
                Produces = ["application/json", "application/json;stream=watch"],
            };
        }

        if (resource.Subresources.HasFlag(ServedSubresources.Status))
        {
            foreach (var operation in ReadReplacePatch(item + "/status", "status", "Status", definition, gvk, patchTypes))
            {
                yield return operation;
            }
        }

        if (resource.Subresources.HasFlag(ServedSubresources.Scale) && options.Schemas.Find("autoscaling/v1", "Scale") is { } scale)
        {
            foreach (var operation in ReadReplacePatch(item + "/scale", "scale", "Scale", scale.FullName, GroupVersionKind.Of("autoscaling/v1", "Scale"), PatchTypes("Scale")))
            {
                yield return operation;
            }
        }

        if (resource.Subresources.HasFlag(ServedSubresources.Binding) && options.Schemas.Find("v1", "Binding") is { } binding)
        {
            yield return CreateOf(item + "/binding", "binding", "Binding", binding.FullName, GroupVersionKind.Of("v1", "Binding"));
        }

        if (resource.Subresources.HasFlag(ServedSubresources.Eviction) && options.Schemas.Find("policy/v1", "Eviction") is { } eviction)
        {
            yield return CreateOf(item + "/eviction", "eviction", "Eviction", eviction.FullName, GroupVersionKind.Of("policy/v1", "Eviction"));
        }

        if (resource.Subresources.HasFlag(ServedSubresources.Token) && options.Schemas.Find("authentication.k8s.io/v1", "TokenRequest") is { } tokenRequest)
        {
            yield return CreateOf(item + "/token", "token", "Token", tokenRequest.FullName, GroupVersionKind.Of("authentication.k8s.io/v1", "TokenRequest"));
        }

        IEnumerable<ApiOperation> ReadReplacePatch(string path, string name, string suffix, string body, GroupVersionKind kind, IReadOnlyList<string> types)
        {
            yield return Operation(path, "get", "get", OperationNames.Operation("read", resource, suffix), $"read {name} of the specified {resource.Kind}", itemParameters, [new("200", body)], kind);
            yield return Operation(path, "put", "put", OperationNames.Operation("replace", resource, suffix), $"replace {name} of the specified {resource.Kind}", itemParameters, Replaced(body), kind) with
            {
                Parameters = write,
                Body = body,
                BodyRequired = true,
            };
            yield return Operation(path, "patch", "patch", OperationNames.Operation("patch", resource, suffix), $"partially update {name} of the specified {resource.Kind}", itemParameters, Replaced(body), kind) with
            {
                Parameters = patch,
                Body = WellKnownDefinitions.Patch,
                BodyRequired = true,
                Consumes = types,
            };
        }

        ApiOperation CreateOf(string path, string name, string suffix, string body, GroupVersionKind kind) =>
            Operation(path, "post", "post", OperationNames.Operation("create", resource, suffix), $"create {name} of {Article(resource.Kind)} {resource.Kind}", itemParameters, Created(body), kind) with
            {
                Parameters = write,
                Body = body,
                BodyRequired = true,
            };
    }

    private static ApiResponse[] Created(string definition) => [new("200", definition), new("201", definition), new("202", definition)];

    private static ApiResponse[] Replaced(string definition) => [new("200", definition), new("201", definition)];

    // The patch types the server applies to this kind: strategic merge only where it knows the merge keys.
    private static IReadOnlyList<string> PatchTypes(string kind) =>
        StrategicMergeSchema.Supports(kind) ? [JsonPatch, MergePatch, StrategicMergePatch] : [JsonPatch, MergePatch];

    private static string ObjectOf(OpenApiOptions options, string apiVersion, string kind) =>
        options.Schemas.Find(apiVersion, kind)?.FullName
            ?? throw new InvalidOperationException($"the schema set has no {kind} in {apiVersion}, which every API's operations answer with");

    private static string Article(string kind) => kind.Length > 0 && "AEIOU".Contains(kind[0], StringComparison.Ordinal) ? "an" : "a";
}
