namespace Orchestrator.Model.Validation;

/// <summary>The name rules of k8s.io/apimachinery/pkg/api/validation (generic.go).</summary>
public static class NameValidators
{
    /// <summary>DNS-1123 subdomain: the rule for most kinds (Pod, Deployment, ConfigMap, ...).</summary>
    public static NameValidator DnsSubdomain { get; } =
        (name, prefix) => ValidationRules.IsDns1123Subdomain(prefix ? MaskTrailingDash(name) : name);

    /// <summary>DNS-1123 label: the rule for Namespaces.</summary>
    public static NameValidator DnsLabel { get; } =
        (name, prefix) => ValidationRules.IsDns1123Label(prefix ? MaskTrailingDash(name) : name);

    /// <summary>DNS-1035 label: the rule for Services.</summary>
    public static NameValidator Dns1035Label { get; } =
        (name, prefix) => ValidationRules.IsDns1035Label(prefix ? MaskTrailingDash(name) : name);

    /// <summary>Anything that is a safe URL path segment: the rule for RBAC roles and bindings.</summary>
    public static NameValidator PathSegment { get; } = (name, prefix) =>
    {
        var errors = new List<string>();
        if (!prefix && name is "." or "..")
        {
            errors.Add("may not be '" + name + "'");
            return errors;
        }

        foreach (var illegal in new[] { "/", "%" })
        {
            if (name.Contains(illegal, StringComparison.Ordinal))
            {
                errors.Add("may not contain '" + illegal + "'");
            }
        }

        return errors;
    };

    // Kubernetes replaces the final "x-" of a generateName with "a" so that the appended
    // suffix, not the dash, decides whether the name ends validly.
    private static string MaskTrailingDash(string name) =>
        name.Length > 1 && name.EndsWith('-') ? name[..^2] + "a" : name;
}
