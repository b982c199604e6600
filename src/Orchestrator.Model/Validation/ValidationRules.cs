using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Orchestrator.Model.Validation;

/// <summary>
/// The string-format checks of k8s.io/apimachinery/pkg/util/validation. Each returns the list of
/// problems in Kubernetes' own wording; an empty list means the value is valid.
/// </summary>
public static partial class ValidationRules
{
    public const int Dns1123LabelMaxLength = 63;
    public const int Dns1123SubdomainMaxLength = 253;
    public const int Dns1035LabelMaxLength = 63;
    public const int QualifiedNameMaxLength = 63;
    public const int LabelValueMaxLength = 63;
    public const int PortNameMaxLength = 15;

    private const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private const string Dns1123SubdomainFormat = Dns1123LabelFormat + "(\\." + Dns1123LabelFormat + ")*";
    private const string Dns1123SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string Dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1035LabelMessage = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string QualifiedNameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";
    private const string LabelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string CIdentifierFormat = "[A-Za-z_][A-Za-z0-9_]*";
    private const string CIdentifierMessage = "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'";
    private const string EnvVarNameFormat = "[-._a-zA-Z][-._a-zA-Z0-9]*";
    private const string EnvVarNameMessage = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
    private const string ConfigMapKeyFormat = "[-._a-zA-Z0-9]+";
    private const string ConfigMapKeyMessage = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

    /// <summary>A label in DNS (RFC 1123): the rule for namespace names and most "name" fields.</summary>
    public static IReadOnlyList<string> IsDns1123Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        if (ByteLength(value) > Dns1123LabelMaxLength)
        {
            errors.Add(MaxLenError(Dns1123LabelMaxLength));
        }

        if (!Dns1123LabelRegex().IsMatch(value))
        {
            // A valid subdomain of valid length can only fail as a label because of its dots.
            errors.Add(Dns1123SubdomainRegex().IsMatch(value)
                ? "must not contain dots"
                : RegexError(Dns1123LabelMessage, Dns1123LabelFormat, "my-name", "123-abc"));
        }

        return errors;
    }

    /// <summary>A subdomain in DNS (RFC 1123): the default rule for object names.</summary>
    public static IReadOnlyList<string> IsDns1123Subdomain(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        if (ByteLength(value) > Dns1123SubdomainMaxLength)
        {
            errors.Add(MaxLenError(Dns1123SubdomainMaxLength));
        }

        if (!Dns1123SubdomainRegex().IsMatch(value))
        {
            errors.Add(RegexError(Dns1123SubdomainMessage, Dns1123SubdomainFormat, "example.com"));
        }

        return errors;
    }

    /// <summary>A label in DNS (RFC 1035): the rule for Service names.</summary>
    public static IReadOnlyList<string> IsDns1035Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        if (ByteLength(value) > Dns1035LabelMaxLength)
        {
            errors.Add(MaxLenError(Dns1035LabelMaxLength));
        }

        if (!Dns1035LabelRegex().IsMatch(value))
        {
            errors.Add(RegexError(Dns1035LabelMessage, Dns1035LabelFormat, "my-name", "abc-123"));
        }

        return errors;
    }

    /// <summary>A "qualified name" (label and annotation keys): an optional DNS subdomain prefix, '/', and a name.</summary>
    public static IReadOnlyList<string> IsQualifiedName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0)
                {
                    errors.Add("prefix part " + EmptyError());
                }
                else
                {
                    errors.AddRange(IsDns1123Subdomain(prefix).Select(message => "prefix part " + message));
                }

                break;
            default:
                errors.Add("a qualified name " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
        }

        if (name.Length == 0)
        {
            errors.Add("name part " + EmptyError());
        }
        else if (ByteLength(name) > QualifiedNameMaxLength)
        {
            errors.Add("name part " + MaxLenError(QualifiedNameMaxLength));
        }

        if (!QualifiedNameRegex().IsMatch(name))
        {
            errors.Add("name part " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc"));
        }

        return errors;
    }

    /// <summary>A label value: empty, or up to 63 alphanumerics, '-', '_' or '.' starting and ending alphanumeric.</summary>
    public static IReadOnlyList<string> IsValidLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        if (ByteLength(value) > LabelValueMaxLength)
        {
            errors.Add(MaxLenError(LabelValueMaxLength));
        }

        if (!LabelValueRegex().IsMatch(value))
        {
            errors.Add(RegexError(LabelValueMessage, LabelValueFormat, "MyValue", "my_value", "12345"));
        }

        return errors;
    }

    /// <summary>An identifier in C. Checks the format, not the length.</summary>
    public static IReadOnlyList<string> IsCIdentifier(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return CIdentifierRegex().IsMatch(value)
            ? []
            : [RegexError(CIdentifierMessage, CIdentifierFormat, "my_name", "MY_NAME", "MyName")];
    }

    /// <summary>An environment variable name as Kubernetes accepts it in a container's env.</summary>
    public static IReadOnlyList<string> IsEnvVarName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        if (!EnvVarNameRegex().IsMatch(value))
        {
            errors.Add(RegexError(EnvVarNameMessage, EnvVarNameFormat, "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
        }

        errors.AddRange(HasChDirPrefix(value));
        return errors;
    }

    /// <summary>A key of a ConfigMap's or Secret's data.</summary>
    public static IReadOnlyList<string> IsConfigMapKey(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        if (ByteLength(value) > Dns1123SubdomainMaxLength)
        {
            errors.Add(MaxLenError(Dns1123SubdomainMaxLength));
        }

        if (!ConfigMapKeyRegex().IsMatch(value))
        {
            errors.Add(RegexError(ConfigMapKeyMessage, ConfigMapKeyFormat, "key.name", "KEY_NAME", "key-name"));
        }

        errors.AddRange(HasChDirPrefix(value));
        return errors;
    }

    /// <summary>A valid, non-zero port number.</summary>
    public static IReadOnlyList<string> IsValidPortNum(int port) =>
        port is >= 1 and <= 65535 ? [] : [InclusiveRangeError(1, 65535)];

    /// <summary>An inclusive range check with Kubernetes' message.</summary>
    public static IReadOnlyList<string> IsInRange(long value, long min, long max) =>
        value >= min && value <= max ? [] : [InclusiveRangeError(min, max)];

    /// <summary>An IANA service name (RFC 6335) as used for named ports.</summary>
    public static IReadOnlyList<string> IsValidPortName(string port)
    {
        ArgumentNullException.ThrowIfNull(port);
        var errors = new List<string>();
        if (ByteLength(port) > PortNameMaxLength)
        {
            errors.Add(MaxLenError(PortNameMaxLength));
        }

        if (!PortNameCharsetRegex().IsMatch(port))
        {
            errors.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (!port.Any(c => c is >= 'a' and <= 'z'))
        {
            errors.Add("must contain at least one letter (a-z)");
        }

        if (port.Contains("--", StringComparison.Ordinal))
        {
            errors.Add("must not contain consecutive hyphens");
        }

        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-'))
        {
            errors.Add("must not begin or end with a hyphen");
        }

        return errors;
    }

    /// <summary>"must be no more than N characters".</summary>
    public static string MaxLenError(int length) =>
        string.Create(CultureInfo.InvariantCulture, $"must be no more than {length} characters");

    /// <summary>A regex failure explained with examples, worded like Kubernetes.</summary>
    public static string RegexError(string message, string format, params string[] examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Length == 0)
        {
            return message + " (regex used for validation is '" + format + "')";
        }

        var builder = new StringBuilder(message).Append(" (e.g. ");
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(" or ");
            }

            builder.Append('\'').Append(examples[i]).Append("', ");
        }

        return builder.Append("regex used for validation is '").Append(format).Append("')").ToString();
    }

    /// <summary>"must be non-empty".</summary>
    public static string EmptyError() => "must be non-empty";

    /// <summary>"must be between LO and HI, inclusive".</summary>
    public static string InclusiveRangeError(long low, long high) =>
        string.Create(CultureInfo.InvariantCulture, $"must be between {low} and {high}, inclusive");

    // Go measures strings in UTF-8 bytes; so do the length limits.
    internal static int ByteLength(string value) => Encoding.UTF8.GetByteCount(value);

    private static IEnumerable<string> HasChDirPrefix(string value)
    {
        if (value == ".")
        {
            yield return "must not be '.'";
        }
        else if (value == "..")
        {
            yield return "must not be '..'";
        }
        else if (value.StartsWith("..", StringComparison.Ordinal))
        {
            yield return "must not start with '..'";
        }
    }

    // \z rather than $: Go's $ does not match before a trailing newline, .NET's does.
    [GeneratedRegex("^" + Dns1123LabelFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123LabelRegex();

    [GeneratedRegex("^" + Dns1123SubdomainFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123SubdomainRegex();

    [GeneratedRegex("^" + Dns1035LabelFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1035LabelRegex();

    [GeneratedRegex("^" + QualifiedNameFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedNameRegex();

    [GeneratedRegex("^" + LabelValueFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex("^" + CIdentifierFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex CIdentifierRegex();

    [GeneratedRegex("^" + EnvVarNameFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnvVarNameRegex();

    [GeneratedRegex("^" + ConfigMapKeyFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigMapKeyRegex();

    [GeneratedRegex(@"^[-a-z0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex PortNameCharsetRegex();
}
