using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Authentication;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Watch;

namespace Orchestrator.Api.Http.Verbs;

/// <summary>
/// POST of a service account's <c>/token</c> (Kubernetes' TokenREST): an authentication.k8s.io/v1
/// TokenRequest answered 201 with a signed token for that service account, for the audiences asked
/// (the API's by default), for expirationSeconds (an hour by default, at least ten minutes, at most the
/// configured maximum), optionally bound to a pod or secret of the namespace so that it dies with it.
/// Nothing is stored: the token is the credential, checked against the objects it names on every use.
/// </summary>
public static class TokenRequestHandler
{
    public static async Task HandleAsync(ResourceRequest request, ServiceAccountTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tokens);
        var (context, gateway, ns, name, ct) = (request.Context, request.Gateway, request.Namespace, request.ObjectName, request.Aborted);
        var tokenRequest = TokenRequest.Parse(await RequestObjects.ReadBodyObjectAsync(request).ConfigureAwait(false), ns, name);

        var serviceAccount = (await gateway.GetAsync(request.Type, ns, name, ct).ConfigureAwait(false)).Object
            ?? throw StatusException.NotFound(request.Type, name);
        var issuer = tokens.Issuer;
        var audiences = tokenRequest.Audiences.Count > 0 ? tokenRequest.Audiences : issuer.Settings.EffectiveAudiences;
        var errors = tokenRequest.Validate();
        if (!errors.IsEmpty)
        {
            throw TokenRequest.Invalid("", errors); // Kubernetes reports these without a name
        }

        var now = gateway.Time.GetUtcNow();
        var bound = tokenRequest.BoundObjectRef is { } reference ? await BindAsync(gateway, ns, name, reference, ct).ConfigureAwait(false) : default;

        var seconds = tokenRequest.ExpirationSeconds;
        var max = (long)issuer.Settings.MaxExpiration.TotalSeconds;
        if (max > 0 && seconds > max)
        {
            context.Response.Headers.Append("Warning", string.Create(CultureInfo.InvariantCulture, $"299 - \"requested expiration of {seconds} seconds shortened to {max} seconds\""));
            seconds = max;
        }

        var claims = issuer.Claims(ns, new TokenObjectRef(name, serviceAccount.Uid), audiences, now, TimeSpan.FromSeconds(seconds), bound.Pod, bound.Secret, bound.Node);
        var token = issuer.Sign(claims);

        var metadata = tokenRequest.Metadata;
        metadata["name"] = name;
        metadata["namespace"] = ns;
        metadata["creationTimestamp"] = ObjectWrites.Timestamp(now);
        var answer = new JsonObject
        {
            ["kind"] = TokenRequest.Kind,
            ["apiVersion"] = TokenRequest.ApiVersion,
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode?)JsonValue.Create(a))]),
                ["expirationSeconds"] = seconds,
                ["boundObjectRef"] = tokenRequest.BoundObjectRef is { } r ? Reference(r) : null,
            },
            ["status"] = new JsonObject
            {
                ["token"] = token,
                ["expirationTimestamp"] = ObjectWrites.Timestamp(claims.Expires),
            },
        };
        await HttpResponses.WriteJsonAsync(context, 201, answer).ConfigureAwait(false);
    }

    /// <summary>
    /// The pod or secret the token is to be bound to, read consistently: it must exist in the namespace, a
    /// pod must run as this service account, and a uid in the reference must be the object's. A pod-bound
    /// token also names the pod's node (Kubernetes' ServiceAccountTokenPodNodeInfo), by name alone when the
    /// node is gone.
    /// </summary>
    private static async Task<(TokenObjectRef? Pod, TokenObjectRef? Secret, TokenObjectRef? Node)> BindAsync(
        ApiGateway gateway, string ns, string serviceAccount, BoundObjectReference reference, CancellationToken ct)
    {
        var kind = reference.Group.Length == 0 && reference.Kind is "Pod" or "Secret" ? reference.Kind : null;
        var type = kind is null ? null : gateway.Registry.FindByKind("", kind);
        if (type is null)
        {
            throw StatusException.BadRequest($"cannot bind token to object of type {reference.GroupVersionKind}");
        }

        var obj = (await gateway.GetAsync(type, ns, reference.Name, ct).ConfigureAwait(false)).Object
            ?? throw StatusException.NotFound(type, reference.Name);
        if (kind == "Pod" && (obj.Field("spec.serviceAccountName") ?? "") != serviceAccount)
        {
            throw StatusException.BadRequest($"cannot bind token for serviceaccount \"{serviceAccount}\" to pod running with different serviceaccount name.");
        }

        var uid = obj.Uid;
        if (reference.Uid.Length > 0 && reference.Uid != uid)
        {
            throw new StatusException(
                409,
                "Conflict",
                $"Operation cannot be fulfilled on {kind} \"{reference.Name}\": the UID in the bound object reference ({reference.Uid}) does not match the UID in record. The object might have been deleted and then recreated",
                new JsonObject { ["name"] = reference.Name, ["kind"] = kind });
        }

        var bound = new TokenObjectRef(obj.Name, uid);
        return kind == "Pod" ? (bound, null, await NodeOfAsync(gateway, obj, ct).ConfigureAwait(false)) : (null, bound, null);
    }

    private static async Task<TokenObjectRef?> NodeOfAsync(ApiGateway gateway, CachedObject pod, CancellationToken ct)
    {
        if (pod.Field("spec.nodeName") is not { Length: > 0 } nodeName || gateway.Registry.FindByKind("", "Node") is not { } nodes)
        {
            return null;
        }

        var node = gateway.ListerOf(nodes).Get("", nodeName) ?? (await gateway.GetAsync(nodes, "", nodeName, ct).ConfigureAwait(false)).Object;
        return new TokenObjectRef(nodeName, node?.Uid ?? "");
    }

    private static JsonObject Reference(BoundObjectReference reference)
    {
        var json = new JsonObject { ["kind"] = reference.Kind, ["apiVersion"] = reference.ApiVersion, ["name"] = reference.Name };
        if (reference.Uid.Length > 0)
        {
            json["uid"] = reference.Uid;
        }

        return json;
    }
}
