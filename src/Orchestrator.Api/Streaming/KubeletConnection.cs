using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Orchestrator.Api.Streaming;

/// <summary>
/// How the gateway reaches kubelets (kube-apiserver's --kubelet-client-certificate and --kubelet-certificate-authority):
/// HTTPS to the node's address, presenting a client certificate the cluster CA issued to
/// <c>kube-apiserver-kubelet-client</c> (the one identity a kubelet lets in), and trusting a kubelet only when its
/// serving certificate chains to the cluster CA and names the address dialled. Plain HTTP forwarding: the gateway
/// knows nothing of what a kubelet serves beyond its URLs.
/// </summary>
public sealed class KubeletConnection : IDisposable
{
    /// <summary>The kubelet's port when a node does not publish status.daemonEndpoints.kubeletEndpoint.</summary>
    public const int DefaultPort = 10250;

    private readonly X509Certificate2 _clusterCa;
    private readonly X509Certificate2 _clientCertificate;

    public KubeletConnection(X509Certificate2 clientCertificate, X509Certificate2 clusterCa, TimeSpan? connectTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(clientCertificate);
        ArgumentNullException.ThrowIfNull(clusterCa);
        _clusterCa = clusterCa;
        _clientCertificate = clientCertificate;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(10),
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is X509Certificate2 serving
                    && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                    && (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0
                    && ChainsToClusterCa(serving),
            },
        };
        Invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>Sends requests to kubelets; no overall timeout (logs follow and exec sessions last as long as they last).</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary>Disposes the client certificate too (it is this connection's own).</summary>
    public void Dispose()
    {
        Invoker.Dispose();
        _clientCertificate.Dispose();
    }

    private bool ChainsToClusterCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_clusterCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        return chain.Build(certificate);
    }
}
