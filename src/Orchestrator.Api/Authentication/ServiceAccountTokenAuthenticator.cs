using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Watch;

namespace Orchestrator.Api.Authentication;

/// <summary>
/// Authenticates bearer tokens that are service-account JWTs (Kubernetes' JWTTokenAuthenticator with its
/// service-account validator): signed by a service-account key, issued by our issuer, not expired, for an
/// audience the API accepts, and naming a ServiceAccount that still exists with the same uid, and a bound
/// pod or secret that still exists with the same uid. Objects are looked up in the watch caches' listers,
/// and read consistently when the lister does not have them (yet).
/// <para>
/// Checking the signature and the claims is what costs (a JSON parse, an RSA or ECDSA verification, the
/// library's async machinery), so a token that passed is remembered for <see cref="CacheTtl"/>, as
/// kube-apiserver caches token authentications for 10 s; never past its expiry. The objects it names are
/// checked on every request, cheaply: an unchanged cache entry is the same instance as the one checked before.
/// </para>
/// </summary>
public sealed class ServiceAccountTokenAuthenticator
{
    /// <summary>How long a verified token is remembered (kube-apiserver's token success cache TTL).</summary>
    public static readonly TimeSpan CacheTtl = TimeSpan.FromSeconds(10);

    /// <summary>The clock skew allowed on exp and nbf, and after a deletion (go-jose's jwt.DefaultLeeway).</summary>
    public static readonly TimeSpan Leeway = TimeSpan.FromMinutes(1);

    // Beyond this many remembered tokens the cache starts over: a bound on memory, not a tuning knob.
    private const int MaxCachedTokens = 4096;

    private readonly ApiGateway _gateway;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;
    private readonly TokenValidationParameters _legacyParameters;
    private readonly ConcurrentDictionary<string, VerifiedToken> _verified = new(StringComparer.Ordinal);
    private readonly ResourceType? _serviceAccounts;
    private readonly ResourceType? _pods;
    private readonly ResourceType? _secrets;

    internal ServiceAccountTokenAuthenticator(ApiGateway gateway, ServiceAccountTokenSettings settings, IReadOnlyList<SecurityKey> keys)
    {
        _gateway = gateway;
        Settings = settings;
        _serviceAccounts = gateway.Registry.FindByKind("", "ServiceAccount");
        _pods = gateway.Registry.FindByKind("", "Pod");
        _secrets = gateway.Registry.FindByKind("", "Secret");
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudiences = settings.EffectiveAudiences,
            IssuerSigningKeys = keys,
            ValidAlgorithms = TokenKeys.Algorithms,
            RequireSignedTokens = true,
            // exp and nbf are checked on every request against the gateway's clock (AuthenticateAsync), the
            // verified token being remembered; a token without exp is no service-account token (FromPayload).
            ValidateLifetime = false,
            TryAllIssuerSigningKeys = true,
            LogValidationExceptions = false,
        };

        // Legacy tokens (the token controller's, in Secrets) name their own issuer and no audience.
        _legacyParameters = _parameters.Clone();
        _legacyParameters.ValidIssuer = LegacyIssuer;
        _legacyParameters.ValidateAudience = false;
    }

    /// <summary>The iss of legacy tokens (Kubernetes' LegacyIssuer).</summary>
    public const string LegacyIssuer = "kubernetes/serviceaccount";

    public ServiceAccountTokenSettings Settings { get; }

    /// <summary>The service account's user, or null when the token does not authenticate (the caller answers 401).</summary>
    public async ValueTask<UserInfo?> AuthenticateAsync(string token, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(token);
        var now = _gateway.Time.GetUtcNow();
        if (!_verified.TryGetValue(token, out var verified) || now >= verified.RememberUntil)
        {
            if (!LooksLikeJwt(token))
            {
                return null;
            }

            var claims = await VerifyAsync(token).ConfigureAwait(false);
            if (claims is null)
            {
                return null;
            }

            verified = new VerifiedToken(claims, User(claims), Min(now + CacheTtl, claims.Expires + Leeway));
            if (_verified.Count >= MaxCachedTokens)
            {
                _verified.Clear();
            }

            _verified[token] = verified;
        }

        var c = verified.Claims;
        if (now > c.Expires + Leeway || now + Leeway < c.NotBefore)
        {
            _verified.TryRemove(token, out _);
            return null;
        }

        verified.ServiceAccount = await CheckAsync(_serviceAccounts, c.Namespace, c.ServiceAccount, verified.ServiceAccount, now, ct).ConfigureAwait(false);
        if (verified.ServiceAccount is null)
        {
            return null;
        }

        if (c.LegacySecretName is { } legacySecret)
        {
            verified.Secret = await CheckLegacySecretAsync(c.Namespace, legacySecret, token, verified.Secret, now, ct).ConfigureAwait(false);
            if (verified.Secret is null)
            {
                return null;
            }
        }
        else if (c.Secret is { } secret)
        {
            verified.Secret = await CheckAsync(_secrets, c.Namespace, secret, verified.Secret, now, ct).ConfigureAwait(false);
            if (verified.Secret is null)
            {
                return null;
            }
        }

        if (c.Pod is { } pod)
        {
            verified.Pod = await CheckAsync(_pods, c.Namespace, pod, verified.Pod, now, ct).ConfigureAwait(false);
            if (verified.Pod is null)
            {
                return null;
            }
        }

        return verified.User;
    }

    /// <summary>The user Kubernetes makes of a service account's token (serviceaccount.ServiceAccountInfo.UserInfo).</summary>
    public static UserInfo User(ServiceAccountClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        if (claims.Pod is { } pod)
        {
            extra[UserInfo.PodNameKey] = pod.Name;
            extra[UserInfo.PodUidKey] = pod.Uid;
            if (claims.Node is { } node)
            {
                extra[UserInfo.NodeNameKey] = node.Name;
                if (node.Uid.Length > 0)
                {
                    extra[UserInfo.NodeUidKey] = node.Uid;
                }
            }
        }

        if (claims.Id.Length > 0)
        {
            extra[UserInfo.CredentialIdKey] = "JTI=" + claims.Id;
        }

        return UserInfo.ServiceAccount(claims.Namespace, claims.ServiceAccount.Name, claims.ServiceAccount.Uid, extra);
    }

    // A compact JWS: three base64url parts. Anything else (the admin token mistyped, garbage) is turned
    // away before the library is asked, so that a stream of bad tokens costs little.
    private static bool LooksLikeJwt(string token)
    {
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var last = token.LastIndexOf('.');
        return first > 0 && last > first + 1 && last < token.Length - 1 && token.AsSpan(first + 1, last - first - 1).IndexOf('.') < 0;
    }

    private async Task<ServiceAccountClaims?> VerifyAsync(string token)
    {
        var legacy = false;
        var result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            legacy = true;
            result = await _handler.ValidateTokenAsync(token, _legacyParameters).ConfigureAwait(false);
        }

        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return null;
        }

        byte[] payload;
        try
        {
            payload = Base64Url.DecodeFromChars(jwt.EncodedPayload);
        }
        catch (FormatException)
        {
            return null;
        }

        if (legacy)
        {
            return ServiceAccountClaims.FromLegacyPayload(payload) is { Issuer: LegacyIssuer } legacyClaims ? legacyClaims : null;
        }

        return ServiceAccountClaims.FromPayload(payload) is { Issuer: var issuer } claims && issuer == Settings.Issuer ? claims : null;
    }

    /// <summary>
    /// The Secret a legacy token names, when it still exists and still holds this very token (Kubernetes' legacy
    /// validator), and was not deleted more than <see cref="Leeway"/> ago; null otherwise.
    /// </summary>
    private async ValueTask<CachedObject?> CheckLegacySecretAsync(string ns, string name, string token, CachedObject? checkedBefore, DateTimeOffset now, CancellationToken ct)
    {
        if (_secrets is null)
        {
            return null;
        }

        var current = _gateway.ListerOf(_secrets).Get(ns, name);
        if (current is not null && ReferenceEquals(current, checkedBefore))
        {
            return current;
        }

        current ??= (await _gateway.GetAsync(_secrets, ns, name, ct).ConfigureAwait(false)).Object;
        if (current is null || (current.Deleting && DeletedBefore(current, now - Leeway)))
        {
            return null;
        }

        using var document = JsonDocument.Parse(current.Json);
        if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("token", out var stored) || stored.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(stored.GetString()!), System.Text.Encoding.UTF8.GetBytes(token)) ? current : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The object the token names, when it still exists with the uid the token was issued for and was not
    /// deleted more than <see cref="Leeway"/> ago (Kubernetes' validator); null otherwise.
    /// </summary>
    private async ValueTask<CachedObject?> CheckAsync(ResourceType? type, string ns, TokenObjectRef reference, CachedObject? checkedBefore, DateTimeOffset now, CancellationToken ct)
    {
        if (type is null)
        {
            return null;
        }

        var current = _gateway.ListerOf(type).Get(ns, reference.Name);
        if (current is not null && ReferenceEquals(current, checkedBefore))
        {
            return current; // unchanged since it passed
        }

        // Not in the lister: perhaps created a moment ago and not yet fed to the cache; a consistent read decides.
        current ??= (await _gateway.GetAsync(type, ns, reference.Name, ct).ConfigureAwait(false)).Object;
        if (current is null || current.Uid != reference.Uid)
        {
            return null;
        }

        return current.Deleting && DeletedBefore(current, now - Leeway) ? null : current;
    }

    private static bool DeletedBefore(CachedObject obj, DateTimeOffset limit)
    {
        using var document = JsonDocument.Parse(obj.Json);
        return document.RootElement.TryGetProperty("metadata", out var metadata)
            && metadata.TryGetProperty("deletionTimestamp", out var deletion) && deletion.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(deletion.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            && at < limit;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>A token whose signature and claims passed, and the objects last found to match it.</summary>
    private sealed class VerifiedToken(ServiceAccountClaims claims, UserInfo user, DateTimeOffset rememberUntil)
    {
        public ServiceAccountClaims Claims { get; } = claims;

        public UserInfo User { get; } = user;

        public DateTimeOffset RememberUntil { get; } = rememberUntil;

        // Written by concurrent requests with the same token; any of their values is a correct one.
        public CachedObject? ServiceAccount { get; set; }

        public CachedObject? Pod { get; set; }

        public CachedObject? Secret { get; set; }
    }
}
