using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Orchestrator.Kubelet.Server;

/// <summary>Where and as whom the kubelet's HTTPS endpoint serves, and whom it lets in.</summary>
public sealed record KubeletServerOptions
{
    /// <summary>The node IP and <c>orchestrator.kubelet.port</c> (Kubernetes: 10250).</summary>
    public required IPEndPoint Listen { get; init; }

    /// <summary>The serving certificate (with its key), signed by the cluster CA for the node's addresses.</summary>
    public required X509Certificate2 ServingCertificate { get; init; }

    /// <summary>The cluster CA: the only issuer of client certificates accepted.</summary>
    public required X509Certificate2 ClusterCa { get; init; }

    /// <summary>The common name a client certificate must carry (kubeadm names the API server's so).</summary>
    public string ApiServerClientName { get; init; } = KubeletClientCertificate.CommonName;
}
