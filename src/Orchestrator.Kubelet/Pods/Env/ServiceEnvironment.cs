using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Kubelet.Pods.Env;

/// <summary>
/// The Service environment variables the kubelet gives every container (Kubernetes' getServiceEnvVarMap and
/// envvars.FromServices): for each Service of the pod's namespace with a ClusterIP (unless the pod says
/// enableServiceLinks: false) and always for the <c>kubernetes</c> Service of default,
/// <c>{SVC}_SERVICE_HOST</c>, <c>{SVC}_SERVICE_PORT</c>, <c>{SVC}_SERVICE_PORT_{PORTNAME}</c> and the Docker-link
/// variables <c>{SVC}_PORT</c>, <c>{SVC}_PORT_{port}_{PROTO}</c> with <c>_PROTO</c>, <c>_PORT</c> and <c>_ADDR</c>.
/// </summary>
public static class ServiceEnvironment
{
    /// <summary>The Services whose variables a pod of <paramref name="ns"/> gets, by name (a namespace's own Service wins).</summary>
    public static IReadOnlyList<JsonObject> Select(IEnumerable<JsonObject> services, string ns, bool enableServiceLinks)
    {
        ArgumentNullException.ThrowIfNull(services);
        var byName = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            if (!HasClusterIp(service) || KubeObject.Name(service) is not { } name)
            {
                continue;
            }

            var serviceNs = KubeObject.Namespace(service);
            if (serviceNs == "default" && name == "kubernetes")
            {
                byName.TryAdd(name, service);
            }
            else if (serviceNs == ns && enableServiceLinks)
            {
                byName[name] = service;
            }
        }

        return [.. byName.Values];
    }

    /// <summary>The variables of the Services, in Kubernetes' order.</summary>
    public static List<KeyValuePair<string, string>> FromServices(IEnumerable<JsonObject> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var result = new List<KeyValuePair<string, string>>();
        foreach (var service in services)
        {
            var ports = (service["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            if (!HasClusterIp(service) || ports.Count == 0)
            {
                continue;
            }

            var clusterIp = KubeObject.GetString(service, "spec", "clusterIP")!;
            var prefix = VariableName(KubeObject.Name(service) ?? "");
            result.Add(new(prefix + "_SERVICE_HOST", clusterIp));
            result.Add(new(prefix + "_SERVICE_PORT", Port(ports[0])));
            foreach (var port in ports)
            {
                if (PodSpecs.Str(port, "name") is { Length: > 0 } portName)
                {
                    result.Add(new($"{prefix}_SERVICE_PORT_{VariableName(portName)}", Port(port)));
                }
            }

            // Docker links: the first port also as {SVC}_PORT.
            var hostAddress = IPAddress.TryParse(clusterIp, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{clusterIp}]" : clusterIp;
            for (var i = 0; i < ports.Count; i++)
            {
                var protocol = PodSpecs.Str(ports[i], "protocol") is { Length: > 0 } p ? p : "TCP";
                var number = Port(ports[i]);
                var url = $"{protocol.ToLowerInvariant()}://{hostAddress}:{number}";
                if (i == 0)
                {
                    result.Add(new(prefix + "_PORT", url));
                }

                var portPrefix = $"{prefix}_PORT_{number}_{protocol.ToUpperInvariant()}";
                result.Add(new(portPrefix, url));
                result.Add(new(portPrefix + "_PROTO", protocol.ToLowerInvariant()));
                result.Add(new(portPrefix + "_PORT", number));
                result.Add(new(portPrefix + "_ADDR", clusterIp));
            }
        }

        return result;
    }

    /// <summary>Kubernetes' makeEnvVariableName: upper case, '-' as '_'.</summary>
    public static string VariableName(string name) => name.Replace('-', '_').ToUpperInvariant();

    private static bool HasClusterIp(JsonObject service) =>
        KubeObject.GetString(service, "spec", "clusterIP") is { Length: > 0 } ip && ip != "None";

    private static string Port(JsonObject port) =>
        (port["port"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0).ToString(CultureInfo.InvariantCulture);
}
