using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orchestrator.Client.IO;

namespace Orchestrator.Client.Security;

/// <summary>
/// The cluster's PKI, as kubeadm lays it out: a CA (ECDSA P-256, 10 years) that is every client's only trust
/// anchor, and the API server's serving certificate signed by it. Created on the first start and loaded on
/// later ones; the serving certificate is issued again when it lacks a requested name, no longer chains to the
/// CA or has less than 30 days left. Keys are PKCS#8 PEM files with mode 0600.
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    public const string CaCertificateFile = "ca.crt";
    public const string CaKeyFile = "ca.key";
    public const string ServingCertificateFile = "apiserver.crt";
    public const string ServingKeyFile = "apiserver.key";

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    // Names a pod or a node reaches the API by, as kubeadm puts them in the serving certificate.
    private static readonly string[] DefaultHostNames =
        ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"];

    private static readonly IPAddress[] DefaultAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan ServingLifetime = TimeSpan.FromDays(365);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    // Tolerates clocks a little behind this one.
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    private ClusterCertificates(X509Certificate2 ca, X509Certificate2 serving, string caPem)
    {
        Ca = ca;
        ServingCertificate = serving;
        CaPem = caPem;
    }

    /// <summary>The CA certificate, with its private key (for issuing further certificates).</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The API server's certificate with its private key, ready for Kestrel.</summary>
    public X509Certificate2 ServingCertificate { get; }

    /// <summary>The CA certificate as PEM: what a kubeconfig embeds as certificate-authority-data.</summary>
    public string CaPem { get; }

    /// <summary>
    /// Loads the PKI from <paramref name="dataDir"/>, creating what is missing. The serving certificate names
    /// localhost, 127.0.0.1, ::1, the kubernetes service names and the given host names and addresses.
    /// </summary>
    /// <exception cref="InvalidOperationException">ca.crt exists without ca.key.</exception>
    public static ClusterCertificates LoadOrCreate(string dataDir, IEnumerable<string> hostNames, IEnumerable<IPAddress> ips)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        ArgumentNullException.ThrowIfNull(hostNames);
        ArgumentNullException.ThrowIfNull(ips);
        AtomicFile.EnsureDirectory(dataDir);

        var names = DefaultHostNames.Concat(hostNames).Select(n => n.Trim().ToLowerInvariant()).Where(n => n.Length > 0).Distinct().ToList();
        var addresses = DefaultAddresses.Concat(ips).Distinct().ToList();

        var ca = LoadOrCreateCa(dataDir);
        try
        {
            var serving = LoadServing(dataDir, ca, names, addresses) ?? CreateServing(dataDir, ca, names, addresses);
            return new ClusterCertificates(ca, serving, ca.ExportCertificatePem());
        }
        catch
        {
            ca.Dispose();
            throw;
        }
    }

    /// <summary>
    /// "sha256:" and the hex SHA-256 of the certificate's DER SubjectPublicKeyInfo, exactly as kubeadm's
    /// --discovery-token-ca-cert-hash computes it, so a joining node can pin the CA it is given.
    /// </summary>
    public static string CaHash(X509Certificate2 caCert)
    {
        ArgumentNullException.ThrowIfNull(caCert);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(RawSubjectPublicKeyInfo(caCert.RawData).Span));
    }

    public void Dispose()
    {
        Ca.Dispose();
        ServingCertificate.Dispose();
    }

    /// <summary>The SubjectPublicKeyInfo as encoded in the certificate (re-encoding could differ from what was signed).</summary>
    private static ReadOnlyMemory<byte> RawSubjectPublicKeyInfo(byte[] certificate)
    {
        var tbs = new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            tbs.ReadEncodedValue(); // version
        }

        for (var field = 0; field < 5; field++)
        {
            tbs.ReadEncodedValue(); // serialNumber, signature, issuer, validity, subject
        }

        return tbs.ReadEncodedValue();
    }

    private static X509Certificate2 LoadOrCreateCa(string dataDir)
    {
        var certPath = Path.Combine(dataDir, CaCertificateFile);
        var keyPath = Path.Combine(dataDir, CaKeyFile);
        if (File.Exists(certPath))
        {
            if (!File.Exists(keyPath))
            {
                throw new InvalidOperationException($"{certPath} exists without {CaKeyFile}: this data directory cannot issue certificates");
            }

            using var loaded = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            return Persistable(loaded);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=orchestrator-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var notBefore = DateTimeOffset.UtcNow - Backdate;
        using var ca = request.CreateSelfSigned(notBefore, notBefore + CaLifetime);

        // Key first: a crash between the two writes leaves no certificate, so the next start creates both again.
        AtomicFile.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem(), isPrivate: true);
        AtomicFile.WriteAllText(certPath, ca.ExportCertificatePem(), isPrivate: false);
        return Persistable(ca);
    }

    /// <summary>The serving certificate on disk, or null when it is missing, broken or no longer fit to use.</summary>
    private static X509Certificate2? LoadServing(string dataDir, X509Certificate2 ca, List<string> names, List<IPAddress> addresses)
    {
        var certPath = Path.Combine(dataDir, ServingCertificateFile);
        var keyPath = Path.Combine(dataDir, ServingKeyFile);
        if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            return null;
        }

        X509Certificate2 serving;
        try
        {
            serving = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }
        catch (CryptographicException)
        {
            return null;
        }

        using (serving)
        {
            return serving.NotAfter.ToUniversalTime() - DateTime.UtcNow > RenewBefore && Covers(serving, names, addresses) && ChainsTo(serving, ca)
                ? Persistable(serving)
                : null;
        }
    }

    private static X509Certificate2 CreateServing(string dataDir, X509Certificate2 ca, List<string> names, List<IPAddress> addresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=orchestrator-apiserver", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], critical: false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        foreach (var address in addresses)
        {
            san.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        var notBefore = DateTimeOffset.UtcNow - Backdate;
        var notAfter = notBefore + ServingLifetime;
        var caEnd = new DateTimeOffset(ca.NotAfter.ToUniversalTime());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER
        using var issued = request.Create(ca, notBefore, notAfter < caEnd ? notAfter : caEnd, serial);
        using var serving = issued.CopyWithPrivateKey(key);

        AtomicFile.WriteAllText(Path.Combine(dataDir, ServingKeyFile), key.ExportPkcs8PrivateKeyPem(), isPrivate: true);
        AtomicFile.WriteAllText(Path.Combine(dataDir, ServingCertificateFile), serving.ExportCertificatePem(), isPrivate: false);
        return Persistable(serving);
    }

    private static bool Covers(X509Certificate2 certificate, List<string> names, List<IPAddress> addresses)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null)
        {
            return false;
        }

        var dns = san.EnumerateDnsNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ips = san.EnumerateIPAddresses().ToHashSet();
        return names.All(dns.Contains) && addresses.All(ips.Contains);
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        return chain.Build(certificate);
    }

    /// <summary>
    /// A copy whose key went through PKCS#12: a key made in memory or read from PEM is ephemeral, and TLS stacks
    /// that need a stored key (SslStream on Windows, for one) refuse it; after the round trip every platform accepts it.
    /// </summary>
    private static X509Certificate2 Persistable(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
}
