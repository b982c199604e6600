using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.ServiceAccounts;

/// <summary>
/// Kubernetes' legacy token controller (serviceaccount-token): a Secret of type
/// kubernetes.io/service-account-token that a user creates, naming a ServiceAccount in its
/// kubernetes.io/service-account.name annotation, is filled with a signed <c>token</c> for that account, the
/// cluster CA (<c>ca.crt</c>) and the <c>namespace</c>, and gets the account's uid annotation. A Secret whose
/// account does not exist (or is another account of the same name) is deleted, and so are an account's token
/// Secrets when the account is deleted.
/// </summary>
public sealed class TokensController : ControllerActor
{
    public const string ControllerName = "serviceaccount-token-controller";
    public const string SecretType = "kubernetes.io/service-account-token";
    public const string NameAnnotation = "kubernetes.io/service-account.name";
    public const string UidAnnotation = "kubernetes.io/service-account.uid";

    private readonly Lister _secrets;
    private readonly Lister _serviceAccounts;
    private readonly LegacyTokenSigner _signer;
    private readonly string _caPem;

    public TokensController(ControllerContext context, TokensControllerSettings settings, LegacyTokenSigner signer, string caPem)
        : base(context, ControllerName, settings.ConcurrentSyncs)
    {
        _signer = signer;
        _caPem = caPem;
        _secrets = Watch(new InformerKey(ResourceRef.Secrets, FieldSelector: $"type={SecretType}"), e => e.Type == InformerEventType.Deleted ? [] : [ObjectKey.Of(e.Object)]);

        // An account's deletion (or re-creation under a new uid) concerns the Secrets that name it.
        _serviceAccounts = Watch(ResourceRef.ServiceAccounts, e => e.Type == InformerEventType.Updated ? [] : SecretsOf(e.Object));
    }

    public static Props Props(ControllerContext context, TokensControllerSettings settings, LegacyTokenSigner signer, string caPem) =>
        Akka.Actor.Props.Create(() => new TokensController(context, settings, signer, caPem));

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_secrets.GetByKey(key) is not { } cached || KubeObject.DeletionTimestamp(cached) is not null)
        {
            return;
        }

        var (ns, name) = ObjectKey.Split(key);
        var annotations = KubeObject.Annotations(cached);
        var accountName = annotations.GetValueOrDefault(NameAnnotation) ?? "";
        var wantedUid = annotations.GetValueOrDefault(UidAnnotation) ?? "";
        var account = await AccountAsync(ns!, accountName, wantedUid, cancellationToken);
        if (account is null)
        {
            Log.Info("{0}: deleting token Secret {1}: its service account {2} does not exist", Name, key, accountName);
            await DeleteAsync(ns!, name, KubeObject.Uid(cached), cancellationToken);
            return;
        }

        if (IsFilled(cached, KubeObject.Uid(account)!))
        {
            return;
        }

        var secret = cached.DeepClone().AsObject();
        var data = secret["data"] as JsonObject ?? [];
        secret["data"] = data;
        data["ca.crt"] = Base64(_caPem);
        data["namespace"] = Base64(ns!);
        var token = DecodedString(data["token"]);
        if (string.IsNullOrEmpty(token) || !annotations.ContainsKey(UidAnnotation))
        {
            data["token"] = Base64(_signer.Sign(ns!, accountName, KubeObject.Uid(account)!, name));
        }

        KubeObject.EnsureObject(secret, "metadata", "annotations")[UidAnnotation] = KubeObject.Uid(account);
        try
        {
            await Client.UpdateAsync(ResourceRef.Secrets, secret, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }
    }

    /// <summary>The account the Secret names, from the cache or else the API; null when absent or of another uid.</summary>
    private async Task<JsonObject?> AccountAsync(string ns, string name, string uid, CancellationToken cancellationToken)
    {
        if (name.Length == 0)
        {
            return null;
        }

        var account = _serviceAccounts.Get(ns, name);
        if (account is null || (uid.Length > 0 && KubeObject.Uid(account) != uid))
        {
            // The cache may lag behind an account created a moment ago: ask the API before deleting anything.
            try
            {
                account = await Client.GetAsync(ResourceRef.ServiceAccounts, ns, name, cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return null;
            }
        }

        return uid.Length == 0 || KubeObject.Uid(account) == uid ? account : null;
    }

    private async Task DeleteAsync(string ns, string name, string? uid, CancellationToken cancellationToken)
    {
        try
        {
            await Client.DeleteAsync(ResourceRef.Secrets, ns, name, new DeleteOptions { PreconditionUid = uid }, cancellationToken);
        }
        catch (KubeApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
        }
    }

    private bool IsFilled(JsonObject secret, string accountUid) =>
        KubeObject.Annotations(secret).GetValueOrDefault(UidAnnotation) == accountUid
        && !string.IsNullOrEmpty(DecodedString(KubeObject.Get(secret, "data", "token")))
        && DecodedString(KubeObject.Get(secret, "data", "ca.crt")) == _caPem
        && DecodedString(KubeObject.Get(secret, "data", "namespace")) == KubeObject.Namespace(secret);

    private IEnumerable<string> SecretsOf(JsonObject account)
    {
        var ns = KubeObject.Namespace(account);
        var name = KubeObject.Name(account);
        return _secrets.List(ns)
            .Where(s => KubeObject.Annotations(s).GetValueOrDefault(NameAnnotation) == name)
            .Select(ObjectKey.Of);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string? DecodedString(JsonNode? node)
    {
        try
        {
            return node?.ToString() is { } text ? Encoding.UTF8.GetString(Convert.FromBase64String(text)) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
