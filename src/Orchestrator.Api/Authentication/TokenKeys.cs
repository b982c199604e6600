using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Orchestrator.Api.Authentication;

/// <summary>
/// Service-account keys as JOSE sees them: an RSA key signs RS256, an EC key ES256/384/512 by its curve
/// (the algorithms Kubernetes' token generator picks), and each key's id is the unpadded base64url SHA-256
/// of its DER SubjectPublicKeyInfo, as Kubernetes derives it, so a token's <c>kid</c> names the key to check it with.
/// </summary>
internal static class TokenKeys
{
    /// <summary>Every algorithm a service-account token may be signed with.</summary>
    public static IReadOnlyList<string> Algorithms { get; } =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512];

    public static SigningCredentials Signing(AsymmetricAlgorithm key) => new(SecurityKey(key), Algorithm(key));

    public static SecurityKey SecurityKey(AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => new RsaSecurityKey(rsa) { KeyId = KeyId(rsa) },
        ECDsa ecdsa => new ECDsaSecurityKey(ecdsa) { KeyId = KeyId(ecdsa) },
        _ => throw new ArgumentException($"a service-account key must be RSA or ECDSA, not {key.GetType().Name}", nameof(key)),
    };

    public static string Algorithm(AsymmetricAlgorithm key) => key switch
    {
        RSA => SecurityAlgorithms.RsaSha256,
        ECDsa { KeySize: 256 } => SecurityAlgorithms.EcdsaSha256,
        ECDsa { KeySize: 384 } => SecurityAlgorithms.EcdsaSha384,
        ECDsa { KeySize: 521 } => SecurityAlgorithms.EcdsaSha512,
        _ => throw new ArgumentException("a service-account key must be RSA, or ECDSA on P-256, P-384 or P-521", nameof(key)),
    };

    public static string KeyId(AsymmetricAlgorithm key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Base64Url.EncodeToString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }
}
