using System.Security.Cryptography;
using Orchestrator.Client.IO;

namespace Orchestrator.Client.Security;

/// <summary>
/// The keys of service-account tokens, as kubeadm lays them out beside the CA: <c>sa.key</c>, the private
/// key the API signs tokens with (PKCS#8 PEM, mode 0600), and <c>sa.pub</c>, the public keys tokens are
/// verified with (PEM; it may hold older keys still trusted). Created on the first start (RSA 2048, as
/// kubeadm makes them) and loaded on later ones, so tokens outlive a restart. A key file brought from
/// elsewhere may be RSA (PKCS#1 or PKCS#8) or EC.
/// </summary>
public sealed class ServiceAccountKeys : IDisposable
{
    public const string DefaultKeyFile = "sa.key";
    public const string DefaultPublicKeyFile = "sa.pub";

    private ServiceAccountKeys(AsymmetricAlgorithm signingKey, IReadOnlyList<AsymmetricAlgorithm> publicKeys)
    {
        SigningKey = signingKey;
        PublicKeys = publicKeys;
    }

    /// <summary>The private key: an <see cref="RSA"/> or an <see cref="ECDsa"/>.</summary>
    public AsymmetricAlgorithm SigningKey { get; }

    /// <summary>The keys of sa.pub.</summary>
    public IReadOnlyList<AsymmetricAlgorithm> PublicKeys { get; }

    /// <summary>
    /// Loads the keys, creating them when neither file exists; a missing sa.pub is written from sa.key.
    /// Relative file names are in <paramref name="dataDir"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">sa.pub exists without sa.key, or a file holds no usable key.</exception>
    public static ServiceAccountKeys LoadOrCreate(string dataDir, string keyFile = DefaultKeyFile, string publicKeyFile = DefaultPublicKeyFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        ArgumentException.ThrowIfNullOrEmpty(keyFile);
        ArgumentException.ThrowIfNullOrEmpty(publicKeyFile);
        var keyPath = Path.Combine(dataDir, keyFile);
        var publicPath = Path.Combine(dataDir, publicKeyFile);

        AsymmetricAlgorithm key;
        if (File.Exists(keyPath))
        {
            RestrictToOwner(keyPath);
            key = ReadPrivateKey(keyPath);
        }
        else if (File.Exists(publicPath))
        {
            throw new InvalidOperationException(
                $"{publicPath} exists without {keyFile}: the key its tokens were signed with is missing; restore it, or remove both files to start over (every issued token then stops working)");
        }
        else
        {
            // Key first: a crash between the two writes leaves the key, and the next start writes its public half.
            key = RSA.Create(2048);
            AtomicFile.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem(), isPrivate: true);
        }

        try
        {
            if (!File.Exists(publicPath))
            {
                AtomicFile.WriteAllText(publicPath, key.ExportSubjectPublicKeyInfoPem(), isPrivate: false);
            }

            return new ServiceAccountKeys(key, ReadPublicKeys(publicPath));
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        SigningKey.Dispose();
        foreach (var key in PublicKeys)
        {
            key.Dispose();
        }
    }

    private static AsymmetricAlgorithm ReadPrivateKey(string path)
    {
        var pem = File.ReadAllText(path);
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return rsa;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            return ecdsa;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            ecdsa.Dispose();
            throw new InvalidOperationException($"{path} holds no RSA or EC private key in PEM", e);
        }
    }

    /// <summary>Every PUBLIC KEY (SubjectPublicKeyInfo) and RSA PUBLIC KEY (PKCS#1) block of the file.</summary>
    private static List<AsymmetricAlgorithm> ReadPublicKeys(string path)
    {
        var text = File.ReadAllText(path).AsSpan();
        var keys = new List<AsymmetricAlgorithm>();
        while (PemEncoding.TryFind(text, out var fields))
        {
            var label = text[fields.Label];
            var der = Convert.FromBase64String(text[fields.Base64Data].ToString());
            if (label.SequenceEqual("PUBLIC KEY") || label.SequenceEqual("RSA PUBLIC KEY"))
            {
                keys.Add(PublicKey(der, label.SequenceEqual("RSA PUBLIC KEY"), path));
            }

            text = text[fields.Location.End..];
        }

        if (keys.Count == 0)
        {
            throw new InvalidOperationException($"{path} holds no public key in PEM");
        }

        return keys;
    }

    private static AsymmetricAlgorithm PublicKey(byte[] der, bool pkcs1, string path)
    {
        var rsa = RSA.Create();
        try
        {
            if (pkcs1)
            {
                rsa.ImportRSAPublicKey(der, out _);
            }
            else
            {
                rsa.ImportSubjectPublicKeyInfo(der, out _);
            }

            return rsa;
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(der, out _);
            return ecdsa;
        }
        catch (CryptographicException e)
        {
            ecdsa.Dispose();
            throw new InvalidOperationException($"{path} holds a public key that is neither RSA nor EC", e);
        }
    }

    /// <summary>Takes back any group or world access a copied or hand-made key file may have been given.</summary>
    private static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)) != 0)
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
