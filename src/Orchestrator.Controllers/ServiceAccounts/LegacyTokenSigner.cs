using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Orchestrator.Controllers.ServiceAccounts;

/// <summary>
/// Signs the legacy service-account tokens the token controller puts in Secrets (Kubernetes' LegacyClaims):
/// issuer kubernetes/serviceaccount, subject system:serviceaccount:NS:NAME, the namespace, Secret and service
/// account in kubernetes.io/serviceaccount/* claims, no audience and no expiry. Signed with the API's
/// service-account key as the TokenRequest tokens are (RS256 for RSA, ES256/384/512 by curve, kid the base64url
/// SHA-256 of the public key), so the API verifies both with the same keys. The gateway's own signing code is
/// not reachable from here: controllers never reference the gateway.
/// </summary>
public sealed class LegacyTokenSigner
{
    public const string Issuer = "kubernetes/serviceaccount";

    private const string Prefix = "kubernetes.io/serviceaccount/";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials;

    /// <param name="signingKey">The API's service-account signing key (DATA/sa.key): RSA or ECDSA.</param>
    public LegacyTokenSigner(AsymmetricAlgorithm signingKey)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        var keyId = Base64Url.EncodeToString(SHA256.HashData(signingKey.ExportSubjectPublicKeyInfo()));
        _credentials = signingKey switch
        {
            RSA rsa => new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = keyId }, SecurityAlgorithms.RsaSha256),
            ECDsa { KeySize: 256 } ec => new SigningCredentials(new ECDsaSecurityKey(ec) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256),
            ECDsa { KeySize: 384 } ec => new SigningCredentials(new ECDsaSecurityKey(ec) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha384),
            ECDsa { KeySize: 521 } ec => new SigningCredentials(new ECDsaSecurityKey(ec) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha512),
            _ => throw new ArgumentException("a service-account key must be RSA, or ECDSA on P-256, P-384 or P-521", nameof(signingKey)),
        };
    }

    /// <summary>A token for service account <paramref name="serviceAccount"/> (uid <paramref name="uid"/>) kept in Secret <paramref name="secret"/>.</summary>
    public string Sign(string ns, string serviceAccount, string uid, string secret)
    {
        var payload = new JsonObject
        {
            ["iss"] = Issuer,
            [Prefix + "namespace"] = ns,
            [Prefix + "secret.name"] = secret,
            [Prefix + "service-account.name"] = serviceAccount,
            [Prefix + "service-account.uid"] = uid,
            ["sub"] = $"system:serviceaccount:{ns}:{serviceAccount}",
        };
        return _handler.CreateToken(payload.ToJsonString(), _credentials);
    }
}
