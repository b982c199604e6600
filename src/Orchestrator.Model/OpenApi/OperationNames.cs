using System.Globalization;
using System.Text;

namespace Orchestrator.Model.OpenApi;

/// <summary>
/// Kubernetes' operation ids and tags, built as its API server builds them from the route: the verb,
/// then the group without ".k8s.io" and the version made identifiers (<c>createCoreV1NamespacedPod</c>,
/// <c>listRbacAuthorizationV1ClusterRole</c>), tagged <c>core_v1</c>, <c>rbacAuthorization_v1</c>.
/// Clients generated from the documents name their methods after them.
/// </summary>
internal static class OperationNames
{
    /// <summary>"" → "CoreV1", "coordination.k8s.io" → "CoordinationV1".</summary>
    public static string GroupVersion(OpenApiResource resource) =>
        Identifier(GroupName(resource.Group), capitalizeFirst: true) + Identifier(resource.Version, capitalizeFirst: true);

    public static string Tag(OpenApiResource resource) =>
        Identifier(GroupName(resource.Group), capitalizeFirst: false) + "_" + Identifier(resource.Version, capitalizeFirst: false);

    /// <summary><c>{verb}{GroupVersion}{infix}{Namespaced?}{Kind}{suffix}</c>, e.g. delete + CoreV1 + Collection + Namespaced + Pod.</summary>
    public static string Operation(string verb, OpenApiResource resource, string suffix = "", string infix = "") =>
        verb + GroupVersion(resource) + infix + (resource.Namespaced ? "Namespaced" : "") + resource.Kind + suffix;

    private static string GroupName(string group) =>
        group.Length == 0 ? "core" : group.EndsWith(".k8s.io", StringComparison.Ordinal) ? group[..^".k8s.io".Length] : group;

    // Letters (and digits after the first) are kept; any other character drops out and capitalizes the next.
    private static string Identifier(string text, bool capitalizeFirst)
    {
        var builder = new StringBuilder(text.Length);
        var capitalize = capitalizeFirst;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetter(c) || c == '_' || (i > 0 && char.IsDigit(c)))
            {
                builder.Append(capitalize ? char.ToUpper(c, CultureInfo.InvariantCulture) : c);
                capitalize = false;
            }
            else
            {
                capitalize = true;
            }
        }

        return builder.ToString();
    }
}
