using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Model.Objects;
using Orchestrator.Client.Informers;

namespace Orchestrator.Controllers.Certificates;

/// <summary>
/// Kubernetes' root-ca-cert-publisher: keeps a <c>kube-root-ca.crt</c> ConfigMap holding the cluster CA
/// (<c>ca.crt</c>) in every namespace, so in-cluster clients can verify the API; recreates it when it is
/// deleted and restores it when it is changed. It talks to the cluster only through the API.
/// </summary>
public sealed class RootCaCertPublisher : ControllerActor
{
    public const string ControllerName = "root-ca-cert-publisher";
    public const string ConfigMapName = "kube-root-ca.crt";
    public const string CaKey = "ca.crt";

    private const string DescriptionAnnotation = "kubernetes.io/description";
    private const string Description = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

    private readonly string _caPem;
    private readonly Lister _namespaces;
    private readonly Lister _configMaps;

    public RootCaCertPublisher(ControllerContext context, string caPem)
        : base(context, ControllerName)
    {
        _caPem = caPem;

        // Keys are namespaces: a live namespace needs its ConfigMap; a deleted or changed ConfigMap needs restoring.
        _namespaces = Watch(ResourceRef.Namespaces, e =>
            e.Type != InformerEventType.Deleted && KubeObject.DeletionTimestamp(e.Object) is null ? [KubeObject.Name(e.Object)!] : []);
        _configMaps = Watch(new InformerKey(ResourceRef.ConfigMaps, FieldSelector: $"metadata.name={ConfigMapName}"), e =>
            e.Type == InformerEventType.Deleted || (e.Type == InformerEventType.Updated && !IsPublished(e.Object)) ? [KubeObject.Namespace(e.Object)!] : []);
    }

    public static Props Props(ControllerContext context, string caPem) => Akka.Actor.Props.Create(() => new RootCaCertPublisher(context, caPem));

    /// <summary>Makes the namespace's ConfigMap hold the CA: created if missing, its data restored if changed.</summary>
    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_namespaces.GetByKey(key) is not { } ns || KubeObject.DeletionTimestamp(ns) is not null)
        {
            return;
        }

        try
        {
            if (_configMaps.GetForUpdate(key, ConfigMapName) is not { } existing)
            {
                await Client.CreateAsync(ResourceRef.ConfigMaps, ConfigMap(key), cancellationToken);
            }
            else if (!IsPublished(existing))
            {
                existing["data"] = new JsonObject { [CaKey] = _caPem };
                KubeObject.EnsureObject(existing, "metadata", "annotations")[DescriptionAnnotation] = Description;
                await Client.UpdateAsync(ResourceRef.ConfigMaps, existing, cancellationToken);
            }
        }
        catch (KubeApiException e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            // The namespace is going away: nothing to publish.
        }
    }

    private bool IsPublished(JsonObject configMap) =>
        KubeObject.GetString(configMap, "data", CaKey) == _caPem
        && (configMap["data"] as JsonObject)?.Count == 1
        && !string.IsNullOrEmpty(KubeObject.GetString(configMap, "metadata", "annotations", DescriptionAnnotation));

    private JsonObject ConfigMap(string ns) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = ConfigMapName,
            ["namespace"] = ns,
            ["annotations"] = new JsonObject { [DescriptionAnnotation] = Description },
        },
        ["data"] = new JsonObject { [CaKey] = _caPem },
    };
}
