namespace Orchestrator.Model.OpenApi;

/// <summary>A path or query parameter of an operation; the body is described on the operation itself.</summary>
/// <param name="Name">The parameter name, e.g. "fieldValidation".</param>
/// <param name="In">"path" or "query".</param>
/// <param name="Type">The primitive type: "string", "integer" or "boolean".</param>
/// <param name="Description">What it does, as Kubernetes documents it.</param>
internal sealed record ApiParameter(string Name, string In, string Type, string Description)
{
    public bool Required => In == "path";
}
