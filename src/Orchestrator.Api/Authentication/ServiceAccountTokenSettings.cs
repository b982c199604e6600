namespace Orchestrator.Api.Authentication;

/// <summary>Service-account tokens: who issues them, who they are for, how long they may live (hocon: <c>orchestrator.api.service-account</c>).</summary>
public sealed record ServiceAccountTokenSettings
{
    /// <summary>The <c>iss</c> of every token issued, and the only one accepted (Kubernetes' --service-account-issuer).</summary>
    public string Issuer { get; init; } = "https://kubernetes.default.svc.cluster.local";

    /// <summary>
    /// The audiences the API accepts a token for, and that a request naming none gets (Kubernetes'
    /// --api-audiences); empty means the issuer alone, as in Kubernetes.
    /// </summary>
    public IReadOnlyList<string> ApiAudiences { get; init; } = [];

    /// <summary>
    /// The longest lifetime a token is issued for: longer requests are shortened to it, with a warning
    /// (Kubernetes' --service-account-max-token-expiration). Zero: no limit but the API's own 2^32 seconds.
    /// </summary>
    public TimeSpan MaxExpiration { get; init; }

    /// <summary>The signing key's file in the data directory (kubeadm's sa.key).</summary>
    public string KeyFile { get; init; } = "sa.key";

    /// <summary>The public keys' file in the data directory (kubeadm's sa.pub).</summary>
    public string PublicKeyFile { get; init; } = "sa.pub";

    /// <summary>The audiences in force: <see cref="ApiAudiences"/>, or the issuer when none are set.</summary>
    public IReadOnlyList<string> EffectiveAudiences => ApiAudiences.Count > 0 ? ApiAudiences : [Issuer];
}
