using System.Text.Json;

namespace Orchestrator.Api.Authentication;

/// <summary>An object a token names in its <c>kubernetes.io</c> claim: the service account, or what the token is bound to.</summary>
public sealed record TokenObjectRef(string Name, string Uid);

/// <summary>
/// The claims of a service-account token, as Kubernetes issues them (pkg/serviceaccount/claims.go): the
/// registered claims (iss, sub, aud, exp, iat, nbf, jti) and the private <c>kubernetes.io</c> claim that
/// names the namespace, the service account and the pod, secret or node the token is bound to.
/// </summary>
public sealed record ServiceAccountClaims
{
    public const string PrivateClaim = "kubernetes.io";

    public required string Issuer { get; init; }

    public required IReadOnlyList<string> Audiences { get; init; }

    /// <summary>iat and nbf: when the token was issued (whole seconds).</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    public DateTimeOffset NotBefore { get; init; }

    /// <summary>exp (whole seconds).</summary>
    public required DateTimeOffset Expires { get; init; }

    /// <summary>jti: a unique id, which the user's credential id is made of.</summary>
    public required string Id { get; init; }

    public required string Namespace { get; init; }

    public required TokenObjectRef ServiceAccount { get; init; }

    public TokenObjectRef? Pod { get; init; }

    public TokenObjectRef? Secret { get; init; }

    /// <summary>The node of the pod a pod-bound token is for, when the pod was scheduled (uid empty when the node is gone).</summary>
    public TokenObjectRef? Node { get; init; }

    /// <summary>
    /// For a legacy token (the token controller's, kept in a Secret of type kubernetes.io/service-account-token):
    /// that Secret's name. Such a token has no audience and no expiry; it holds while the Secret holds it.
    /// </summary>
    public string? LegacySecretName { get; init; }

    /// <summary>sub: <c>system:serviceaccount:NAMESPACE:NAME</c>.</summary>
    public string Subject => UserInfo.ServiceAccountUsername(Namespace, ServiceAccount.Name);

    /// <summary>The JSON payload, with its keys in the order Kubernetes writes them.</summary>
    public byte[] ToPayload()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("aud");
            foreach (var audience in Audiences)
            {
                writer.WriteStringValue(audience);
            }

            writer.WriteEndArray();
            writer.WriteNumber("exp", Expires.ToUnixTimeSeconds());
            writer.WriteNumber("iat", IssuedAt.ToUnixTimeSeconds());
            writer.WriteString("iss", Issuer);
            writer.WriteString("jti", Id);
            writer.WriteStartObject(PrivateClaim);
            writer.WriteString("namespace", Namespace);
            WriteRef(writer, "serviceaccount", ServiceAccount);
            WriteRef(writer, "pod", Pod);
            WriteRef(writer, "secret", Secret);
            WriteRef(writer, "node", Node);
            writer.WriteEndObject();
            writer.WriteNumber("nbf", NotBefore.ToUnixTimeSeconds());
            writer.WriteString("sub", Subject);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The claims of a payload whose signature has been checked; null when it is not a service-account
    /// token (no <c>kubernetes.io</c> claim naming a namespace and a service account, no expiry).
    /// </summary>
    public static ServiceAccountClaims? FromPayload(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty(PrivateClaim, out var kubernetes) || kubernetes.ValueKind != JsonValueKind.Object
                || String(kubernetes, "namespace") is not { Length: > 0 } ns
                || Ref(kubernetes, "serviceaccount") is not { Name.Length: > 0 } serviceAccount
                || Seconds(root, "exp") is not { } expires)
            {
                return null;
            }

            var audiences = new List<string>();
            if (root.TryGetProperty("aud", out var aud))
            {
                if (aud.ValueKind == JsonValueKind.String)
                {
                    audiences.Add(aud.GetString()!);
                }
                else if (aud.ValueKind == JsonValueKind.Array)
                {
                    audiences.AddRange(aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!));
                }
            }

            var issuedAt = Seconds(root, "iat") ?? DateTimeOffset.MinValue;
            return new ServiceAccountClaims
            {
                Issuer = String(root, "iss") ?? "",
                Audiences = audiences,
                IssuedAt = issuedAt,
                NotBefore = Seconds(root, "nbf") ?? issuedAt,
                Expires = expires,
                Id = String(root, "jti") ?? "",
                Namespace = ns,
                ServiceAccount = serviceAccount,
                Pod = Ref(kubernetes, "pod"),
                Secret = Ref(kubernetes, "secret"),
                Node = Ref(kubernetes, "node"),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The claims of a legacy token's checked payload (Kubernetes' LegacyClaims: kubernetes.io/serviceaccount/namespace,
    /// secret.name, service-account.name and service-account.uid); null when it is not one.
    /// </summary>
    public static ServiceAccountClaims? FromLegacyPayload(ReadOnlySpan<byte> payload)
    {
        const string prefix = "kubernetes.io/serviceaccount/";
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || String(root, prefix + "namespace") is not { Length: > 0 } ns
                || String(root, prefix + "secret.name") is not { Length: > 0 } secret
                || String(root, prefix + "service-account.name") is not { Length: > 0 } name
                || String(root, prefix + "service-account.uid") is not { Length: > 0 } uid)
            {
                return null;
            }

            return new ServiceAccountClaims
            {
                Issuer = String(root, "iss") ?? "",
                Audiences = [],
                IssuedAt = DateTimeOffset.MinValue,
                NotBefore = DateTimeOffset.MinValue,
                Expires = NeverExpires,
                Id = "",
                Namespace = ns,
                ServiceAccount = new TokenObjectRef(name, uid),
                LegacySecretName = secret,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The expiry given to a legacy token, which has none: far enough off, and with room to add a leeway to.</summary>
    public static readonly DateTimeOffset NeverExpires = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static void WriteRef(Utf8JsonWriter writer, string name, TokenObjectRef? reference)
    {
        if (reference is null)
        {
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString("name", reference.Name);
        if (reference.Uid.Length > 0)
        {
            writer.WriteString("uid", reference.Uid);
        }

        writer.WriteEndObject();
    }

    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static TokenObjectRef? Ref(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? new TokenObjectRef(String(value, "name") ?? "", String(value, "uid") ?? "")
            : null;

    private static DateTimeOffset? Seconds(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            && seconds is >= -62135596800 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
