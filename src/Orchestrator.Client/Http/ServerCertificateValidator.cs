using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Orchestrator.Client.Http;

/// <summary>
/// Trusts a server only if its certificate chains to the cluster CA — the CA is the sole trust anchor, the
/// system's roots play no part — is valid for server authentication, and names the host that was dialled
/// (the TLS layer's check, arriving as <see cref="SslPolicyErrors.RemoteCertificateNameMismatch"/>) or, when
/// the kubeconfig sets tls-server-name, that name instead.
/// </summary>
internal sealed class ServerCertificateValidator : IDisposable
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    private readonly X509Certificate2Collection _roots = [];
    private readonly string? _serverName;

    public ServerCertificateValidator(string caPem, string? serverName)
    {
        _serverName = string.IsNullOrEmpty(serverName) ? null : serverName;
        _roots.ImportFromPem(caPem);
        if (_roots.Count == 0)
        {
            throw new InvalidDataException("the cluster CA holds no PEM certificate");
        }
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        // SocketsHttpHandler checks the URL's host whatever TargetHost says, so an override is checked here instead.
        var nameErrors = _serverName is null ? SslPolicyErrors.RemoteCertificateNameMismatch : SslPolicyErrors.None;
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | nameErrors)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ServerAuthOid));

        // Intermediates the server sent may be needed to reach the CA.
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (certificate is X509Certificate2 leaf)
        {
            return Accept(chain, leaf);
        }

        using var converted = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return Accept(chain, converted);
    }

    public void Dispose()
    {
        foreach (var root in _roots)
        {
            root.Dispose();
        }
    }

    private bool Accept(X509Chain chain, X509Certificate2 leaf) =>
        chain.Build(leaf) && (_serverName is null || leaf.MatchesHostname(_serverName));
}
