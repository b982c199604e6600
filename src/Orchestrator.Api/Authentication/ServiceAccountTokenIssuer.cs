using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Orchestrator.Api.Authentication;

/// <summary>
/// Signs service-account tokens (Kubernetes' JWTTokenGenerator): a compact JWS over the claims, signed
/// with the service-account key, its <c>kid</c> naming the key.
/// </summary>
public sealed class ServiceAccountTokenIssuer
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials;

    internal ServiceAccountTokenIssuer(ServiceAccountTokenSettings settings, SigningCredentials credentials)
    {
        Settings = settings;
        _credentials = credentials;
    }

    public ServiceAccountTokenSettings Settings { get; }

    /// <summary>The claims of a token for <paramref name="serviceAccount"/>, issued <paramref name="now"/> for <paramref name="lifetime"/>.</summary>
    public ServiceAccountClaims Claims(
        string ns,
        TokenObjectRef serviceAccount,
        IReadOnlyList<string> audiences,
        DateTimeOffset now,
        TimeSpan lifetime,
        TokenObjectRef? pod = null,
        TokenObjectRef? secret = null,
        TokenObjectRef? node = null)
    {
        var issued = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        return new ServiceAccountClaims
        {
            Issuer = Settings.Issuer,
            Audiences = audiences,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = issued + lifetime,
            Id = Guid.NewGuid().ToString(),
            Namespace = ns,
            ServiceAccount = serviceAccount,
            Pod = pod,
            Secret = secret,
            Node = node,
        };
    }

    /// <summary>The signed token carrying <paramref name="claims"/>.</summary>
    public string Sign(ServiceAccountClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        return _handler.CreateToken(Encoding.UTF8.GetString(claims.ToPayload()), _credentials);
    }
}
