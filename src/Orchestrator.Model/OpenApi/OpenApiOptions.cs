using Orchestrator.Model.Schema;

namespace Orchestrator.Model.OpenApi;

/// <summary>What the OpenAPI documents say beyond the resources themselves.</summary>
public sealed record OpenApiOptions
{
    public static OpenApiOptions Default { get; } = new();

    /// <summary>info.version, the server's gitVersion as Kubernetes reports it.</summary>
    public string ServerVersion { get; init; } = "v1.32.0";

    /// <summary>
    /// Whether write operations list the <c>fieldValidation</c> query parameter. kubectl reads this:
    /// when listed it sends <c>fieldValidation=Strict</c> and leaves unknown fields to the server,
    /// otherwise it validates the manifest itself against the definitions. List it only when the
    /// server honours the parameter.
    /// </summary>
    public bool FieldValidation { get; init; } = true;

    /// <summary>The message types the definitions are written from.</summary>
    public SchemaSet Schemas { get; init; } = KubeSchema.Default;
}
