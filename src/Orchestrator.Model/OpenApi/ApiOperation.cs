namespace Orchestrator.Model.OpenApi;

/// <summary>
/// One operation on one path, independent of the OpenAPI version: the v2 and v3 documents are two
/// renderings of the same list. <see cref="Gvk"/> is what clients match the operation to a kind by.
/// </summary>
internal sealed record ApiOperation
{
    /// <summary>The path template, e.g. <c>/api/v1/namespaces/{namespace}/pods/{name}</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The lower-case HTTP method: get, put, post, patch or delete.</summary>
    public required string Method { get; init; }

    public required string OperationId { get; init; }

    /// <summary>x-kubernetes-action: get, list, post, put, patch, delete or deletecollection.</summary>
    public required string Action { get; init; }

    public required string Description { get; init; }

    public required GroupVersionKind Gvk { get; init; }

    public required string Tag { get; init; }

    /// <summary>The group version the path belongs to (its v3 document): "api/v1", "apis/apps/v1".</summary>
    public required string GroupVersionPath { get; init; }

    /// <summary>Parameters shared by every operation of the path: name, namespace, pretty.</summary>
    public required IReadOnlyList<ApiParameter> PathParameters { get; init; }

    /// <summary>The operation's own query parameters.</summary>
    public IReadOnlyList<ApiParameter> Parameters { get; init; } = [];

    /// <summary>The definition the request body holds; null when the operation takes none.</summary>
    public string? Body { get; init; }

    public bool BodyRequired { get; init; }

    /// <summary>The media types of the body: the patch types for a patch, anything otherwise.</summary>
    public IReadOnlyList<string> Consumes { get; init; } = ["*/*"];

    public IReadOnlyList<string> Produces { get; init; } = ["application/json"];

    public required IReadOnlyList<ApiResponse> Responses { get; init; }
}
