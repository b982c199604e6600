using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orchestrator.Client.Security;

/// <summary>
/// Issues short-lived leaf certificates from the cluster CA, kept in memory only (each start issues new ones):
/// a kubelet's serving certificate for its node addresses, and client certificates (the API server's to the
/// kubelets). ECDSA P-256, one year, like the API server's own.
/// </summary>
public static class CertificateIssuer
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    /// <summary>A client certificate: the common name is the user, the organizations its groups (as Kubernetes reads them).</summary>
    public static X509Certificate2 IssueClient(X509Certificate2 ca, string commonName, params string[] organizations)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        var subject = "CN=" + commonName + string.Concat(organizations.Select(o => ", O=" + o));
        return Issue(ca, subject, ClientAuthOid, san: null);
    }

    /// <summary>A serving certificate for the given names and addresses.</summary>
    public static X509Certificate2 IssueServing(X509Certificate2 ca, string commonName, IEnumerable<string> hostNames, IEnumerable<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(hostNames);
        ArgumentNullException.ThrowIfNull(addresses);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in hostNames)
        {
            san.AddDnsName(name);
        }

        foreach (var address in addresses)
        {
            san.AddIpAddress(address);
        }

        return Issue(ca, "CN=" + commonName, ServerAuthOid, san.Build());
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, string usage, X509Extension? san)
    {
        ArgumentNullException.ThrowIfNull(ca);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], critical: false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var notBefore = DateTimeOffset.UtcNow - Backdate;
        var caEnd = new DateTimeOffset(ca.NotAfter.ToUniversalTime());
        var notAfter = notBefore + Lifetime < caEnd ? notBefore + Lifetime : caEnd;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER
        using var issued = request.Create(ca, notBefore, notAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);

        // Through PKCS#12, so TLS stacks that want a stored key accept it (see ClusterCertificates).
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }
}
