using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orchestrator.Client.Security;
using Orchestrator.Client.Tests.Support;
using Xunit;

namespace Orchestrator.Client.Tests.Security;

public sealed class ClusterCertificatesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Creates_a_ca_and_a_serving_certificate_with_every_name()
    {
        using var pki = ClusterCertificates.LoadOrCreate(_dir.Path, ["node-1.example", "API.Example"], [IPAddress.Parse("10.1.2.3")]);

        var basic = pki.Ca.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(basic.CertificateAuthority);
        Assert.True(pki.Ca.HasPrivateKey);
        Assert.InRange(pki.Ca.NotAfter - pki.Ca.NotBefore, TimeSpan.FromDays(3649), TimeSpan.FromDays(3651));

        var serving = pki.ServingCertificate;
        Assert.True(serving.HasPrivateKey);
        Assert.Equal(pki.Ca.SubjectName.RawData, serving.IssuerName.RawData);
        Assert.False(serving.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var eku = serving.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Contains(eku.EnhancedKeyUsages.Cast<Oid>(), oid => oid.Value == "1.3.6.1.5.5.7.3.1");
        var san = serving.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Superset(new HashSet<string> { "localhost", "node-1.example", "api.example", "kubernetes.default.svc" }, san.EnumerateDnsNames().ToHashSet());
        Assert.Superset(new HashSet<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Parse("10.1.2.3") }, san.EnumerateIPAddresses().ToHashSet());
        Assert.True(serving.MatchesHostname("127.0.0.1"));
        Assert.True(serving.MatchesHostname("node-1.example"));
        Assert.Equal(pki.Ca.ExportCertificatePem(), pki.CaPem);
    }

    [Fact]
    public void The_serving_certificate_chains_to_the_ca_alone()
    {
        using var pki = ClusterCertificates.LoadOrCreate(_dir.Path, [], []);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(pki.CaPem));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));

        Assert.True(chain.Build(pki.ServingCertificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(2, chain.ChainElements.Count);
    }

    [Fact]
    public void The_files_are_reused_on_a_later_call()
    {
        string caThumbprint, servingThumbprint;
        using (var first = ClusterCertificates.LoadOrCreate(_dir.Path, ["a.example"], []))
        {
            caThumbprint = first.Ca.Thumbprint;
            servingThumbprint = first.ServingCertificate.Thumbprint;
        }

        var written = Directory.GetFiles(_dir.Path).ToDictionary(f => Path.GetFileName(f), File.GetLastWriteTimeUtc);
        using var second = ClusterCertificates.LoadOrCreate(_dir.Path, ["a.example"], []);

        Assert.Equal(caThumbprint, second.Ca.Thumbprint);
        Assert.Equal(servingThumbprint, second.ServingCertificate.Thumbprint);
        Assert.True(second.Ca.HasPrivateKey);
        Assert.True(second.ServingCertificate.HasPrivateKey);
        Assert.Equal(written, Directory.GetFiles(_dir.Path).ToDictionary(f => Path.GetFileName(f), File.GetLastWriteTimeUtc));
        Assert.Equal(
            ["apiserver.crt", "apiserver.key", "ca.crt", "ca.key"],
            Directory.GetFiles(_dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File("ca.key")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File("apiserver.key")));
        }
    }

    [Fact]
    public void A_new_name_reissues_the_serving_certificate_under_the_same_ca()
    {
        using var first = ClusterCertificates.LoadOrCreate(_dir.Path, ["a.example"], []);
        using var second = ClusterCertificates.LoadOrCreate(_dir.Path, ["a.example", "b.example"], [IPAddress.Parse("192.168.7.7")]);

        Assert.Equal(first.Ca.Thumbprint, second.Ca.Thumbprint);
        Assert.NotEqual(first.ServingCertificate.Thumbprint, second.ServingCertificate.Thumbprint);
        Assert.True(second.ServingCertificate.MatchesHostname("b.example"));
        Assert.True(second.ServingCertificate.MatchesHostname("192.168.7.7"));
    }

    [Fact]
    public void A_serving_certificate_from_another_ca_is_replaced()
    {
        using (ClusterCertificates.LoadOrCreate(_dir.Path, [], []))
        {
        }

        using var other = new TempDirectory();
        using (ClusterCertificates.LoadOrCreate(other.Path, [], []))
        {
        }

        File.Copy(other.File("apiserver.crt"), _dir.File("apiserver.crt"), overwrite: true);
        File.Copy(other.File("apiserver.key"), _dir.File("apiserver.key"), overwrite: true);
        using var pki = ClusterCertificates.LoadOrCreate(_dir.Path, [], []);

        Assert.Equal(pki.Ca.SubjectKeyIdentifier(), pki.ServingCertificate.AuthorityKeyIdentifier());
    }

    [Fact]
    public void A_ca_certificate_without_its_key_is_refused()
    {
        using (ClusterCertificates.LoadOrCreate(_dir.Path, [], []))
        {
        }

        File.Delete(_dir.File("ca.key"));

        Assert.Throws<InvalidOperationException>(() => ClusterCertificates.LoadOrCreate(_dir.Path, [], []));
    }

    [Fact]
    public void Ca_hash_is_the_sha256_of_the_subject_public_key_info()
    {
        using var pki = ClusterCertificates.LoadOrCreate(_dir.Path, [], []);

        var hash = ClusterCertificates.CaHash(pki.Ca);

        Assert.Matches("^sha256:[0-9a-f]{64}$", hash);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(pki.Ca.PublicKey.ExportSubjectPublicKeyInfo())), hash);
    }

    [Fact]
    public async Task Ca_hash_matches_the_openssl_recipe_of_the_kubeadm_docs()
    {
        using var pki = ClusterCertificates.LoadOrCreate(_dir.Path, [], []);
        var recipe = $"openssl x509 -pubkey -in '{_dir.File("ca.crt")}' | openssl pkey -pubin -outform der 2>/dev/null | openssl dgst -sha256 -hex | sed 's/^.* //'";
        var start = new ProcessStartInfo("/bin/sh", ["-c", recipe]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();

        Assert.Equal("sha256:" + output, ClusterCertificates.CaHash(pki.Ca));
    }

    [Fact]
    public async Task Kestrel_serves_the_certificate_and_a_client_trusting_only_the_ca_connects()
    {
        using var pki = ClusterCertificates.LoadOrCreate(_dir.Path, [], []);
        await using var server = await FakeApiServer.StartAsync(
            (ctx, _) => FakeApiServer.WriteJsonAsync(ctx, new System.Text.Json.Nodes.JsonObject { ["gitVersion"] = "v1.33.0" }),
            pki.ServingCertificate);
        using var client = server.Client(pki.CaPem);

        Assert.Contains("v1.33.0", await client.GetRawAsync("/version"), StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
