namespace Orchestrator.Client;

/// <summary>The patch formats the API accepts, told apart by the request's Content-Type.</summary>
public enum PatchType
{
    /// <summary>RFC 7386 JSON merge patch: application/merge-patch+json.</summary>
    Merge,

    /// <summary>RFC 6902 JSON patch (an array of operations): application/json-patch+json.</summary>
    Json,

    /// <summary>Kubernetes strategic merge patch (lists merged by key): application/strategic-merge-patch+json.</summary>
    StrategicMerge,
}
