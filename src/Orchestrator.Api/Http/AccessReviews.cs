using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Authentication;
using Orchestrator.Api.Errors;
using Orchestrator.Model.Protobuf;

namespace Orchestrator.Api.Http;

/// <summary>
/// The create-only review resources clients ask about themselves: SelfSubjectAccessReview
/// (<c>kubectl auth can-i</c>) and SelfSubjectReview (<c>kubectl auth whoami</c>), which reports the user
/// the request authenticated as: the cluster admin, or a service account. Every access is allowed: the
/// admin is in system:masters, and there is no authorization (RBAC) for anyone else yet.
/// </summary>
public static class AccessReviews
{
    /// <summary>
    /// The (group, version, plural, kind) of each review, for discovery. SelfSubjectReview is served in
    /// v1beta1 too, as Kubernetes 1.32 still does: kubectl 1.27's <c>auth whoami</c> asks for no other.
    /// </summary>
    public static IReadOnlyList<(string Group, string Version, string Plural, string Kind)> Resources { get; } =
    [
        ("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview"),
        ("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview"),
        ("authentication.k8s.io", "v1beta1", "selfsubjectreviews", "SelfSubjectReview"),
    ];

    public static bool Serves(RequestInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return info.Namespace is null && info.Name is null
            && Resources.Any(r => r.Group == info.Group && r.Version == info.Version && r.Plural == info.Resource);
    }

    public static async Task HandleAsync(HttpContext context, RequestInfo info, UserInfo user, long maxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(user);
        if (context.Request.Method != "POST")
        {
            throw StatusException.MethodNotAllowed($"the server does not allow this method on the requested resource ({context.Request.Method} {info.Resource})");
        }

        JsonObject review;
        if (RequestBody.MediaType(context) == KubeProtobuf.ContentType)
        {
            // kubectl 1.3x sends reviews as protobuf; the answer does not depend on what is asked, so the
            // body need only be read, and is echoed back when the schema knows its kind.
            var bytes = await RequestBody.ReadAsync(context, maxBodyBytes).ConfigureAwait(false);
            try
            {
                review = KubeProtobuf.Decode(bytes);
            }
            catch (FormatException)
            {
                review = [];
            }
        }
        else if (await RequestBody.ReadJsonAsync(context, maxBodyBytes).ConfigureAwait(false) is JsonObject json)
        {
            review = json;
        }
        else
        {
            throw StatusException.BadRequest("the request body must be a JSON object");
        }

        var (group, version, _, kind) = Resources.Single(r => r.Group == info.Group && r.Version == info.Version && r.Plural == info.Resource);
        review["apiVersion"] = $"{group}/{version}";
        review["kind"] = kind;
        review["metadata"] ??= new JsonObject();
        review["status"] = kind == "SelfSubjectReview"
            ? new JsonObject { ["userInfo"] = user.ToJson() }
            : new JsonObject
            {
                ["allowed"] = true,
                ["reason"] = user.IsAdmin
                    ? "the cluster admin (system:masters) may do everything"
                    : "no authorization is enforced yet: every authenticated user may do everything",
            };
        await HttpResponses.WriteJsonAsync(context, 201, review).ConfigureAwait(false);
    }
}
