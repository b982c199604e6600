using System.Security.Cryptography;

namespace Orchestrator.Api.Authentication;

/// <summary>
/// Service-account tokens of one API: the issuer behind the TokenRequest subresource and the
/// authenticator that accepts what it issued, over one signing key and the public keys tokens are
/// verified with (the signing key's own, and older ones still trusted).
/// </summary>
public sealed class ServiceAccountTokens
{
    /// <param name="signingKey">The private key tokens are signed with (RSA, or ECDSA P-256/384/521).</param>
    /// <param name="publicKeys">Further keys tokens may be verified with; the signing key's is always one.</param>
    public ServiceAccountTokens(ApiGateway gateway, AsymmetricAlgorithm signingKey, IEnumerable<AsymmetricAlgorithm>? publicKeys = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(signingKey);
        var settings = gateway.Settings.ServiceAccountTokens;
        var signing = TokenKeys.Signing(signingKey);
        var verification = new List<Microsoft.IdentityModel.Tokens.SecurityKey> { signing.Key };
        foreach (var key in publicKeys ?? [])
        {
            var securityKey = TokenKeys.SecurityKey(key);
            if (!verification.Any(k => k.KeyId == securityKey.KeyId))
            {
                verification.Add(securityKey);
            }
        }

        Issuer = new ServiceAccountTokenIssuer(settings, signing);
        Authenticator = new ServiceAccountTokenAuthenticator(gateway, settings, verification);
    }

    public ServiceAccountTokenIssuer Issuer { get; }

    public ServiceAccountTokenAuthenticator Authenticator { get; }

    /// <summary>
    /// Tokens signed with a key made for this process alone (an ECDSA P-256 key, quick to make), for an API
    /// started without a key file: its tokens stop working when the process ends.
    /// </summary>
    public static ServiceAccountTokens WithEphemeralKey(ApiGateway gateway) =>
        new(gateway, ECDsa.Create(ECCurve.NamedCurves.nistP256));
}
