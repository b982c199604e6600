using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Akka.Event;
using Orchestrator.Api.Admission;
using Orchestrator.Api.Entities;

namespace Orchestrator.Api.Bootstrap;

/// <summary>
/// What kube-apiserver makes for itself on start (its bootstrap controller): the system namespaces, the
/// built-in PriorityClasses system-cluster-critical and system-node-critical, and
/// the <c>kubernetes</c> Service in <c>default</c> (the first address of the Service range, port 443)
/// with Endpoints and an EndpointSlice naming this API's address, so in-cluster clients find the API at
/// kubernetes.default.svc. Written through the write path with server-side apply, so a restart on
/// another address updates them.
/// </summary>
public static class SystemObjects
{
    public const string FieldManager = "kube-apiserver";

    public static readonly IReadOnlyList<string> Namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public static async Task EnsureAsync(ApiGateway gateway, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var log = Logging.GetLogger(gateway.System, typeof(SystemObjects));
        if (gateway.Registry.FindByKind("", "Namespace") is { } namespaces)
        {
            foreach (var name in Namespaces)
            {
                var obj = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };
                var result = await gateway.Writes.CreateAsync(namespaces, "", obj, dryRun: false, ct).ConfigureAwait(false);
                if (result.Error is { Code: not 409 } error)
                {
                    log.Error(error, "could not create namespace {0}", name);
                }
            }
        }

        // The built-in PriorityClasses (kube-apiserver's scheduling post-start hook).
        if (gateway.Registry.FindByKind("scheduling.k8s.io", "PriorityClass") is { } priorityClasses)
        {
            foreach (var priorityClass in Kinds.PriorityClassStrategy.SystemObjects())
            {
                var result = await gateway.Writes.CreateAsync(priorityClasses, "", priorityClass, dryRun: false, ct).ConfigureAwait(false);
                if (result.Error is { Code: not 409 } error)
                {
                    log.Error(error, "could not create priority class {0}", priorityClass["metadata"]!["name"]);
                }
            }
        }

        if (gateway.ServiceType is { } services && gateway.Registry.FindByKind("", "Endpoints") is { } endpoints)
        {
            var settings = gateway.Settings;
            var (min, max) = ServiceAllocatorSettings.ParsePortRange(settings.ServiceNodePortRange);
            var firstIp = new ServiceAllocatorSettings(settings.ServiceClusterIpRange, min, max, services).IpAt(1).ToString();
            var address = settings.Listen.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : settings.Listen.Address;
            await ApplyAsync(gateway, log, services, KubernetesService(firstIp)).ConfigureAwait(false);
            await ApplyAsync(gateway, log, endpoints, KubernetesEndpoints(address.ToString(), settings.Listen.Port)).ConfigureAwait(false);
            if (gateway.Registry.FindByKind("discovery.k8s.io", "EndpointSlice") is { } slices)
            {
                await ApplyAsync(gateway, log, slices, KubernetesEndpointSlice(address, settings.Listen.Port)).ConfigureAwait(false);
            }
        }

        async Task ApplyAsync(ApiGateway g, ILoggingAdapter logger, Resources.ResourceType type, JsonObject obj)
        {
            try
            {
                var result = await g.Writes.ApplyAsync(type, "default", "kubernetes", obj, new ApplyOptions(FieldManager, Force: true), dryRun: false, ct).ConfigureAwait(false);
                if (result.Error is { } error)
                {
                    logger.Error(error, "could not write {0} default/kubernetes", type.Kind);
                }
            }
            catch (Errors.StatusException error)
            {
                logger.Error(error, "could not write {0} default/kubernetes", type.Kind);
            }
        }
    }

    private static JsonObject KubernetesService(string clusterIp) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject
        {
            ["name"] = "kubernetes",
            ["namespace"] = "default",
            ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" },
        },
        ["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["clusterIP"] = clusterIp,
            ["sessionAffinity"] = "None",
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = 6443 }),
        },
    };

    /// <summary>The same address as an EndpointSlice, as kube-apiserver writes it beside the Endpoints (the slice controller leaves selectorless Services alone).</summary>
    private static JsonObject KubernetesEndpointSlice(IPAddress address, int port) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = new JsonObject
        {
            ["name"] = "kubernetes",
            ["namespace"] = "default",
            ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = "kubernetes" },
        },
        ["addressType"] = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4",
        ["endpoints"] = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray(address.ToString()),
            ["conditions"] = new JsonObject { ["ready"] = true },
        }),
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
    };

    private static JsonObject KubernetesEndpoints(string address, int port) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Endpoints",
        ["metadata"] = new JsonObject
        {
            ["name"] = "kubernetes",
            ["namespace"] = "default",
            ["labels"] = new JsonObject { ["endpointslice.kubernetes.io/skip-mirror"] = "true" },
        },
        ["subsets"] = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray(new JsonObject { ["ip"] = address }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
        }),
    };
}
