namespace Orchestrator.Model.OpenApi;

/// <summary>The subresources a served resource has, each with its own paths in the OpenAPI documents.</summary>
[Flags]
public enum ServedSubresources
{
    None = 0,

    /// <summary><c>/status</c>: get, replace and patch of the kind itself.</summary>
    Status = 1,

    /// <summary><c>/scale</c>: get, replace and patch of an autoscaling/v1 Scale.</summary>
    Scale = 2,

    /// <summary><c>/binding</c> of a pod: create a core/v1 Binding.</summary>
    Binding = 4,

    /// <summary><c>/eviction</c> of a pod: create a policy/v1 Eviction.</summary>
    Eviction = 8,

    /// <summary><c>/finalize</c> of a namespace: replace its spec.finalizers.</summary>
    Finalize = 16,

    /// <summary><c>/token</c> of a service account: create an authentication.k8s.io/v1 TokenRequest.</summary>
    Token = 32,
}
