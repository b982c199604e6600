namespace Orchestrator.Model.OpenApi;

/// <summary>A resource the server serves, as the OpenAPI documents describe it: where its paths are and what it holds.</summary>
/// <param name="Group">"" for the core group.</param>
/// <param name="Version">The version, e.g. "v1".</param>
/// <param name="Kind">The kind, e.g. "Pod": its schema is the kind's message in the schema set.</param>
/// <param name="Plural">The lower-case plural of the URL, e.g. "pods".</param>
/// <param name="Namespaced">Whether its paths are under <c>/namespaces/{namespace}</c>.</param>
/// <param name="Subresources">The subresources served besides the main resource.</param>
public sealed record OpenApiResource(string Group, string Version, string Kind, string Plural, bool Namespaced, ServedSubresources Subresources = ServedSubresources.None)
{
    /// <summary>The apiVersion: "v1", "apps/v1".</summary>
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The group version's path below <c>/openapi/v3/</c>: "api/v1", "apis/apps/v1".</summary>
    public string GroupVersionPath => Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";

    /// <summary>The URL prefix of the group version: "/api/v1", "/apis/apps/v1".</summary>
    public string UrlPrefix => "/" + GroupVersionPath;
}
