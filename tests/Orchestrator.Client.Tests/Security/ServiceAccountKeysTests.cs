using System.Security.Cryptography;
using Orchestrator.Client.Security;
using Orchestrator.Client.Tests.Support;
using Xunit;

namespace Orchestrator.Client.Tests.Security;

public sealed class ServiceAccountKeysTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Creates_an_RSA_2048_key_in_a_private_file_and_its_public_half_beside_it()
    {
        using var keys = ServiceAccountKeys.LoadOrCreate(_dir.Path);

        var rsa = Assert.IsAssignableFrom<RSA>(keys.SigningKey);
        Assert.Equal(2048, rsa.KeySize);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(_dir.File("sa.key")), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", File.ReadAllText(_dir.File("sa.pub")), StringComparison.Ordinal);
        Assert.Equal(rsa.ExportSubjectPublicKeyInfo(), Assert.Single(keys.PublicKeys).ExportSubjectPublicKeyInfo());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File("sa.key")));
        }
    }

    [Fact]
    public void Later_starts_load_the_same_key_and_a_signature_made_before_verifies_after()
    {
        byte[] signature;
        var data = "header.payload"u8.ToArray();
        using (var first = ServiceAccountKeys.LoadOrCreate(_dir.Path))
        {
            signature = ((RSA)first.SigningKey).SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        using var again = ServiceAccountKeys.LoadOrCreate(_dir.Path);
        Assert.True(((RSA)Assert.Single(again.PublicKeys)).VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void A_missing_public_file_is_written_again_from_the_key()
    {
        byte[] spki;
        using (var first = ServiceAccountKeys.LoadOrCreate(_dir.Path, "keys/sa.key", "keys/sa.pub"))
        {
            spki = first.SigningKey.ExportSubjectPublicKeyInfo();
        }

        File.Delete(_dir.File("keys/sa.pub"));
        using var again = ServiceAccountKeys.LoadOrCreate(_dir.Path, "keys/sa.key", "keys/sa.pub");

        Assert.Equal(spki, again.SigningKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(spki, Assert.Single(again.PublicKeys).ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void A_public_file_without_its_key_is_refused()
    {
        using (ServiceAccountKeys.LoadOrCreate(_dir.Path))
        {
        }

        File.Delete(_dir.File("sa.key"));

        var error = Assert.Throws<InvalidOperationException>(() => ServiceAccountKeys.LoadOrCreate(_dir.Path));
        Assert.Contains("sa.pub exists without sa.key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_brought_from_elsewhere_may_be_PKCS1_RSA_or_EC_and_sa_pub_may_keep_older_keys()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var old = RSA.Create(2048);
        File.WriteAllText(_dir.File("sa.key"), ec.ExportECPrivateKeyPem());
        File.WriteAllText(_dir.File("sa.pub"), old.ExportRSAPublicKeyPem() + "\n" + ec.ExportSubjectPublicKeyInfoPem() + "\n");

        using var keys = ServiceAccountKeys.LoadOrCreate(_dir.Path);

        Assert.Equal(ec.ExportSubjectPublicKeyInfo(), Assert.IsAssignableFrom<ECDsa>(keys.SigningKey).ExportSubjectPublicKeyInfo());
        Assert.Equal(
            [old.ExportSubjectPublicKeyInfo(), ec.ExportSubjectPublicKeyInfo()],
            keys.PublicKeys.Select(k => k.ExportSubjectPublicKeyInfo()));

        using var pkcs1 = RSA.Create(2048);
        using var other = new TempDirectory();
        File.WriteAllText(other.File("sa.key"), pkcs1.ExportRSAPrivateKeyPem());
        using var fromPkcs1 = ServiceAccountKeys.LoadOrCreate(other.Path);
        Assert.Equal(pkcs1.ExportSubjectPublicKeyInfo(), fromPkcs1.SigningKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void A_file_without_a_key_is_refused_with_its_name()
    {
        File.WriteAllText(_dir.File("sa.key"), "not a key\n");

        var error = Assert.Throws<InvalidOperationException>(() => ServiceAccountKeys.LoadOrCreate(_dir.Path));
        Assert.Contains("sa.key holds no RSA or EC private key", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
