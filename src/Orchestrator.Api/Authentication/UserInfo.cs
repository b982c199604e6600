using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Api.Authentication;

/// <summary>
/// Who made a request, as Kubernetes' authenticators report it (k8s.io/apiserver user.Info): a user
/// name, a uid, groups and extra attributes. SelfSubjectReview (<c>kubectl auth whoami</c>) shows it.
/// </summary>
public sealed record UserInfo(string Username, string Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, string> Extra)
{
    public const string AuthenticatedGroup = "system:authenticated";
    public const string ServiceAccountsGroup = "system:serviceaccounts";
    public const string ServiceAccountPrefix = "system:serviceaccount:";

    // The extra attributes Kubernetes gives a service account's user (k8s.io/apiserver serviceaccount.UserInfo).
    public const string CredentialIdKey = "authentication.kubernetes.io/credential-id";
    public const string PodNameKey = "authentication.kubernetes.io/pod-name";
    public const string PodUidKey = "authentication.kubernetes.io/pod-uid";
    public const string NodeNameKey = "authentication.kubernetes.io/node-name";
    public const string NodeUidKey = "authentication.kubernetes.io/node-uid";

    /// <summary>The holder of the admin token: kubeadm's kubernetes-admin in system:masters.</summary>
    public static UserInfo Admin { get; } = new("kubernetes-admin", "", ["system:masters", AuthenticatedGroup], new Dictionary<string, string>());

    /// <summary>Whether this is the cluster admin (the admin token).</summary>
    public bool IsAdmin => ReferenceEquals(this, Admin);

    /// <summary><c>system:serviceaccount:NAMESPACE:NAME</c>, a service account's user name.</summary>
    public static string ServiceAccountUsername(string ns, string name) => ServiceAccountPrefix + ns + ":" + name;

    /// <summary>A service account's user: its name, its uid and the groups of every service account and of its namespace.</summary>
    public static UserInfo ServiceAccount(string ns, string name, string uid, IReadOnlyDictionary<string, string> extra) =>
        new(ServiceAccountUsername(ns, name), uid, [ServiceAccountsGroup, ServiceAccountsGroup + ":" + ns, AuthenticatedGroup], extra);

    /// <summary>
    /// The user the authentication step found for this request. The admin token's requests carry no
    /// feature at all, so that path costs nothing more than the token comparison it always made.
    /// </summary>
    public static UserInfo Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<UserInfo>() ?? Admin;
    }

    /// <summary>authentication.k8s.io/v1 UserInfo: username, uid (when known), groups, extra (each a list of values).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["username"] = Username };
        if (Uid.Length > 0)
        {
            json["uid"] = Uid;
        }

        json["groups"] = new JsonArray([.. Groups.Select(g => (JsonNode?)JsonValue.Create(g))]);
        if (Extra.Count > 0)
        {
            var extra = new JsonObject();
            foreach (var (key, value) in Extra.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                extra[key] = new JsonArray(value);
            }

            json["extra"] = extra;
        }

        return json;
    }
}
