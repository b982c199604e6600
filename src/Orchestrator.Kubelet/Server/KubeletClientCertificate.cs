namespace Orchestrator.Kubelet.Server;

/// <summary>
/// How the API server proves itself to a kubelet: a TLS client certificate issued by the cluster CA with this
/// common name (kubeadm's apiserver-kubelet-client). Only the control plane holds the CA's key, so only it can
/// present one; the kubelet needs nothing but the CA certificate it already trusts.
/// </summary>
public static class KubeletClientCertificate
{
    public const string CommonName = "kube-apiserver-kubelet-client";
}
