using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Orchestrator.Client;

namespace Orchestrator.Proxy.Dns;

/// <summary>
/// The <c>kube-dns</c> Service in kube-system, as kubeadm installs it: ClusterIP the tenth address of the Service
/// range, ports dns 53/UDP and dns-tcp 53/TCP, selector-less (this process answers, not pods). Its
/// <c>service.kubernetes.io/service-proxy-name</c> label tells the service proxy to leave the address alone, as
/// kube-proxy skips Services another proxy owns: the DNS server binds ClusterIP:53 itself.
/// </summary>
public static class KubeDnsService
{
    public const string Namespace = "kube-system";
    public const string Name = "kube-dns";
    public const string ServiceProxyNameLabel = "service.kubernetes.io/service-proxy-name";
    public const string ServiceProxyName = "orchestrator-dns";

    /// <summary>The tenth address of a range, e.g. 100.96.0.10 of 100.96.0.0/16 (kubeadm's DNS address).</summary>
    /// <exception cref="FormatException">The range is not an IPv4 CIDR large enough.</exception>
    public static IPAddress TenthAddress(string cidr)
    {
        ArgumentNullException.ThrowIfNull(cidr);
        if (!IPNetwork.TryParse(cidr.Trim(), out var network) || network.BaseAddress.AddressFamily != AddressFamily.InterNetwork || network.PrefixLength > 28)
        {
            throw new FormatException($"\"{cidr}\" is not an IPv4 Service range of at least 16 addresses");
        }

        var bytes = network.BaseAddress.GetAddressBytes();
        var value = ((uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3]) + 10;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }

    /// <summary>The Service as it should be.</summary>
    public static JsonObject Desired(IPAddress clusterIp)
    {
        ArgumentNullException.ThrowIfNull(clusterIp);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject
            {
                ["name"] = Name,
                ["namespace"] = Namespace,
                ["labels"] = new JsonObject
                {
                    ["k8s-app"] = "kube-dns",
                    ["kubernetes.io/name"] = "CoreDNS",
                    [ServiceProxyNameLabel] = ServiceProxyName,
                },
            },
            ["spec"] = new JsonObject
            {
                ["type"] = "ClusterIP",
                ["clusterIP"] = clusterIp.ToString(),
                ["ports"] = new JsonArray
                {
                    new JsonObject { ["name"] = "dns", ["port"] = 53, ["protocol"] = "UDP", ["targetPort"] = 53 },
                    new JsonObject { ["name"] = "dns-tcp", ["port"] = 53, ["protocol"] = "TCP", ["targetPort"] = 53 },
                },
            },
        };
    }

    /// <summary>
    /// Creates the Service, or brings an existing one to the desired labels and ports; one with another ClusterIP
    /// (the Service range changed) is replaced, as a ClusterIP cannot be changed in place.
    /// </summary>
    public static async Task<JsonObject> EnsureAsync(IKubeClient client, IPAddress clusterIp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var desired = Desired(clusterIp);
        for (var attempt = 0; ; attempt++)
        {
            JsonObject? current;
            try
            {
                current = await client.GetAsync(ResourceRef.Services, Namespace, Name, cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                current = null;
            }

            try
            {
                if (current is null)
                {
                    return await client.CreateAsync(ResourceRef.Services, desired, cancellationToken).ConfigureAwait(false);
                }

                if ((string?)current["spec"]?["clusterIP"] != clusterIp.ToString())
                {
                    await client.DeleteAsync(ResourceRef.Services, Namespace, Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var labels = current["metadata"]!.AsObject()["labels"] as JsonObject;
                var ports = current["spec"]!.AsObject()["ports"]?.ToJsonString();
                if (labels?[ServiceProxyNameLabel]?.GetValue<string>() == ServiceProxyName && labels["k8s-app"]?.GetValue<string>() == "kube-dns"
                    && ports == desired["spec"]!["ports"]!.ToJsonString())
                {
                    return current;
                }

                var updated = current.DeepClone().AsObject();
                if (updated["metadata"]!["labels"] is not JsonObject updatedLabels)
                {
                    updatedLabels = [];
                    updated["metadata"]!.AsObject()["labels"] = updatedLabels;
                }

                foreach (var (key, value) in desired["metadata"]!["labels"]!.AsObject())
                {
                    updatedLabels[key] = value?.DeepClone();
                }

                updated["spec"]!.AsObject()["ports"] = desired["spec"]!["ports"]!.DeepClone();
                return await client.UpdateAsync(ResourceRef.Services, updated, cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when ((e.IsAlreadyExists || e.IsConflict || e.IsNotFound) && attempt < 5)
            {
                // Raced with another writer (a second `up` starting, the range-change delete still in flight): look again.
            }
        }
    }
}
