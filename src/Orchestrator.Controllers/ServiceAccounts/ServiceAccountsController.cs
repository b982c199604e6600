using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.ServiceAccounts;

/// <summary>
/// Kubernetes' serviceaccount controller: every active namespace has the <c>default</c> ServiceAccount (the
/// configured ones), created with the namespace and recreated when deleted.
/// </summary>
public sealed class ServiceAccountsController : ControllerActor
{
    public const string ControllerName = "serviceaccount-controller";

    private readonly Lister _namespaces;
    private readonly Lister _serviceAccounts;
    private readonly ServiceAccountsControllerSettings _settings;

    public ServiceAccountsController(ControllerContext context, ServiceAccountsControllerSettings settings)
        : base(context, ControllerName, settings.ConcurrentSyncs)
    {
        _settings = settings;

        // Keys are namespaces: a new one needs its accounts, a deleted account is put back.
        _namespaces = Watch(ResourceRef.Namespaces, e => e.Type == InformerEventType.Deleted ? [] : [KubeObject.Name(e.Object)!]);
        _serviceAccounts = Watch(ResourceRef.ServiceAccounts, e =>
            e.Type == InformerEventType.Deleted && settings.ServiceAccounts.Contains(KubeObject.Name(e.Object)) ? [KubeObject.Namespace(e.Object)!] : []);
    }

    public static Props Props(ControllerContext context, ServiceAccountsControllerSettings settings) =>
        Akka.Actor.Props.Create(() => new ServiceAccountsController(context, settings));

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_namespaces.GetByKey(key) is not { } ns || KubeObject.DeletionTimestamp(ns) is not null || KubeObject.GetString(ns, "status", "phase") == "Terminating")
        {
            return;
        }

        foreach (var name in _settings.ServiceAccounts)
        {
            if (_serviceAccounts.Get(key, name) is not null)
            {
                continue;
            }

            try
            {
                await Client.CreateAsync(ResourceRef.ServiceAccounts, new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "ServiceAccount",
                    ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = key },
                }, cancellationToken);
            }
            catch (KubeApiException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
            {
                // Already there (the cache lags), or the namespace is going away.
            }
        }
    }
}
