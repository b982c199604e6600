using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Runtime;
using Orchestrator.Model.Objects;

namespace Orchestrator.Kubelet.Pods;

/// <summary>
/// A pod's resolv.conf from its dnsPolicy and dnsConfig, as the kubelet's DNS configurer makes it: ClusterFirst (the
/// default) resolves through the cluster DNS with the namespace's search path and ndots:5 (host-network pods fall back
/// to Default unless they ask for ClusterFirstWithHostNet); Default uses the node's resolver; None only dnsConfig.
/// </summary>
public static class PodDns
{
    /// <summary>The pod's resolver, or null for the runtime's default (the node's resolv.conf).</summary>
    public static DnsConfig? Resolve(JsonObject pod, PodSettings settings, string hostResolvConf = "/etc/resolv.conf")
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(settings);
        var spec = PodSpecs.Spec(pod);
        var policy = PodSpecs.Str(spec, "dnsPolicy") ?? "ClusterFirst";
        if (policy == "ClusterFirst" && PodSpecs.HostNetwork(pod))
        {
            policy = "Default";
        }

        var dnsConfig = spec["dnsConfig"] as JsonObject;
        List<string> nameservers, searches, options;
        switch (policy)
        {
            case "ClusterFirst" or "ClusterFirstWithHostNet":
                var ns = KubeObject.Namespace(pod) ?? "default";
                nameservers = [.. settings.ClusterDns];
                searches = [$"{ns}.svc.{settings.ClusterDomain}", $"svc.{settings.ClusterDomain}", settings.ClusterDomain];
                options = ["ndots:5"];
                break;
            case "None":
                (nameservers, searches, options) = ([], [], []);
                break;
            default:
                if (dnsConfig is null)
                {
                    return null;
                }

                (nameservers, searches, options) = ReadHost(hostResolvConf);
                break;
        }

        if (dnsConfig is not null)
        {
            nameservers.AddRange(Strings(dnsConfig["nameservers"]).Where(n => !nameservers.Contains(n)));
            searches.AddRange(Strings(dnsConfig["searches"]).Where(s => !searches.Contains(s)));
            foreach (var option in PodSpecs.Objects(dnsConfig["options"]))
            {
                var name = PodSpecs.Str(option, "name") ?? "";
                options.RemoveAll(o => o.Split(':')[0] == name);
                options.Add(PodSpecs.Str(option, "value") is { } value ? $"{name}:{value}" : name);
            }
        }

        return new DnsConfig(nameservers, searches, options);
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n?.GetValue<string>() ?? "").Where(s => s.Length > 0) : [];

    private static (List<string>, List<string>, List<string>) ReadHost(string path)
    {
        List<string> nameservers = [], searches = [], options = [];
        if (!File.Exists(path))
        {
            return (nameservers, searches, options);
        }

        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2)
            {
                continue;
            }

            switch (fields[0])
            {
                case "nameserver": nameservers.Add(fields[1]); break;
                case "search": searches = [.. fields[1..]]; break;
                case "options": options.AddRange(fields[1..]); break;
            }
        }

        return (nameservers, searches, options);
    }
}
