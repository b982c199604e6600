using Orchestrator.Model.Schema.Definitions;

namespace Orchestrator.Model.Schema;

/// <summary>
/// The Kubernetes API types this cluster serves, with Kubernetes 1.32's exact protobuf field numbers
/// and JSON names: the single description behind the protobuf codec and the OpenAPI documents.
/// </summary>
public static class KubeSchema
{
    private static readonly Lazy<SchemaSet> Set = new(Build);

    public static SchemaSet Default => Set.Value;

    /// <summary>The top-level message for an apiVersion (<c>v1</c>, <c>apps/v1</c>) and kind; null when not served.</summary>
    public static MessageSchema? Find(string apiVersion, string kind) => Default.Find(apiVersion, kind);

    /// <summary>A message by full name (e.g. <c>io.k8s.api.core.v1.PodSpec</c>); throws <see cref="KeyNotFoundException"/> when there is none.</summary>
    public static MessageSchema Message(string fullName) => Default.Message(fullName);

    private static SchemaSet Build()
    {
        var schema = new SchemaBuilder();
        MetaV1Schema.Define(schema);
        CoreV1Schema.Define(schema);
        CoreV1PodSchema.Define(schema);
        CoreV1VolumeSchema.Define(schema);
        AppsV1Schema.Define(schema);
        BatchV1Schema.Define(schema);
        CoordinationV1Schema.Define(schema);
        PolicyV1Schema.Define(schema);
        AutoscalingV1Schema.Define(schema);
        AuthenticationV1Schema.Define(schema);
        NetworkingV1Schema.Define(schema);
        DiscoveryV1Schema.Define(schema);
        SchedulingV1Schema.Define(schema);
        RbacV1Schema.Define(schema);
        return schema.Build();
    }
}
