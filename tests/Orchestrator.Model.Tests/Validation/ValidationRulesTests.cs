using Orchestrator.Model.Validation;
using Xunit;

namespace Orchestrator.Model.Tests.Validation;

/// <summary>Re-expresses the tables of k8s.io/apimachinery/pkg/util/validation's tests.</summary>
public sealed class ValidationRulesTests
{
    private const string Dns1123LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string Dns1123SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    [Theory]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("a1")]
    [InlineData("a-1")]
    [InlineData("a--1--2--b")]
    [InlineData("0")]
    [InlineData("01")]
    [InlineData("012")]
    [InlineData("1a")]
    [InlineData("1-a")]
    [InlineData("1--a--b--2")]
    public void Good_DNS_1123_labels(string value)
    {
        Assert.Empty(ValidationRules.IsDns1123Label(value));
        Assert.Empty(ValidationRules.IsDns1123Label(new string('a', 63)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("ABC")]
    [InlineData("aBc")]
    [InlineData("A1")]
    [InlineData("A-1")]
    [InlineData("1-A")]
    [InlineData("-")]
    [InlineData("a-")]
    [InlineData("-a")]
    [InlineData("1-")]
    [InlineData("-1")]
    [InlineData("_")]
    [InlineData("a_")]
    [InlineData("_a")]
    [InlineData("a_b")]
    [InlineData("1_")]
    [InlineData("_1")]
    [InlineData("1_2")]
    [InlineData(".")]
    [InlineData("a.")]
    [InlineData(".a")]
    [InlineData("a.b")]
    [InlineData("1.")]
    [InlineData(".1")]
    [InlineData("1.2")]
    [InlineData(" ")]
    [InlineData("a ")]
    [InlineData(" a")]
    [InlineData("a b")]
    [InlineData("1 ")]
    [InlineData(" 1")]
    [InlineData("1 2")]
    [InlineData("a\n")]
    public void Bad_DNS_1123_labels(string value)
    {
        Assert.NotEmpty(ValidationRules.IsDns1123Label(value));
    }

    [Fact]
    public void DNS_1123_label_messages()
    {
        Assert.Equal([Dns1123LabelMessage], ValidationRules.IsDns1123Label("A"));
        Assert.Equal(["must not contain dots"], ValidationRules.IsDns1123Label("a.b"));
        Assert.Equal(["must be no more than 63 characters"], ValidationRules.IsDns1123Label(new string('a', 64)));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("a.b")]
    [InlineData("a-b.c-d")]
    [InlineData("0.a")]
    [InlineData("a--1--2--b.0--1")]
    [InlineData("example.com")]
    public void Good_DNS_1123_subdomains(string value)
    {
        Assert.Empty(ValidationRules.IsDns1123Subdomain(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("a..b")]
    [InlineData("a.")]
    [InlineData(".a")]
    [InlineData("a_b")]
    [InlineData("a-.b")]
    [InlineData("a.-b")]
    [InlineData("Example.com")]
    public void Bad_DNS_1123_subdomains(string value)
    {
        Assert.Equal([Dns1123SubdomainMessage], ValidationRules.IsDns1123Subdomain(value));
    }

    [Fact]
    public void DNS_1123_subdomains_have_a_length_limit()
    {
        var longest = string.Join('.', Enumerable.Repeat(new string('a', 63), 4))[..253];

        Assert.Empty(ValidationRules.IsDns1123Subdomain(longest.TrimEnd('.')));
        Assert.Equal(["must be no more than 253 characters"], ValidationRules.IsDns1123Subdomain(new string('a', 254)));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("ab", true)]
    [InlineData("a-1", true)]
    [InlineData("a--b", true)]
    [InlineData("1a", false)]
    [InlineData("0", false)]
    [InlineData("a-", false)]
    [InlineData("A", false)]
    [InlineData("a.b", false)]
    public void DNS_1035_labels_start_with_a_letter(string value, bool valid)
    {
        Assert.Equal(valid, ValidationRules.IsDns1035Label(value).Count == 0);
    }

    [Fact]
    public void DNS_1035_label_message()
    {
        Assert.Equal(
            ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"],
            ValidationRules.IsDns1035Label("1a"));
    }

    [Theory]
    [InlineData("simple")]
    [InlineData("now-with-dashes")]
    [InlineData("1-starts-with-num")]
    [InlineData("1234")]
    [InlineData("simple/simple")]
    [InlineData("now-with-dashes/simple")]
    [InlineData("now-with-dashes/now-with-dashes")]
    [InlineData("now.with.dots/simple")]
    [InlineData("now-with.dashes-and.dots/simple")]
    [InlineData("1-num.2-num/3-num")]
    [InlineData("1234/5678")]
    [InlineData("1.2.3.4/5678")]
    [InlineData("Uppercase_Is_OK_123")]
    [InlineData("example.com/Uppercase_Is_OK_123")]
    [InlineData("requests.storage-foo")]
    public void Good_qualified_names(string value)
    {
        Assert.Empty(ValidationRules.IsQualifiedName(value));
        Assert.Empty(ValidationRules.IsQualifiedName(new string('a', 63)));
        Assert.Empty(ValidationRules.IsQualifiedName(new string('a', 253) + "/" + new string('b', 63)));
    }

    [Theory]
    [InlineData("nospecialchars%^=@")]
    [InlineData("cantendwithadash-")]
    [InlineData("-cantstartwithadash-")]
    [InlineData("only/one/slash")]
    [InlineData("Example.com/abc")]
    [InlineData("example_com/abc")]
    [InlineData("example.com/")]
    [InlineData("/simple")]
    [InlineData("")]
    public void Bad_qualified_names(string value)
    {
        Assert.NotEmpty(ValidationRules.IsQualifiedName(value));
        Assert.NotEmpty(ValidationRules.IsQualifiedName(new string('a', 64)));
        Assert.NotEmpty(ValidationRules.IsQualifiedName(new string('a', 254) + "/abc"));
    }

    [Fact]
    public void Qualified_name_messages_name_the_failing_part()
    {
        Assert.Equal(
            [
                "prefix part " + Dns1123SubdomainMessage,
                "name part must be non-empty",
                "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            ],
            ValidationRules.IsQualifiedName("Example.com/"));
        Assert.Equal(["prefix part must be non-empty"], ValidationRules.IsQualifiedName("/simple"));
        Assert.Equal(["name part must be no more than 63 characters"], ValidationRules.IsQualifiedName(new string('a', 64)));
        Assert.StartsWith("a qualified name must consist of", ValidationRules.IsQualifiedName("a/b/c").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("simple")]
    [InlineData("now-with-dashes")]
    [InlineData("1-starts-with-num")]
    [InlineData("end-with-num-1")]
    [InlineData("1234")]
    [InlineData("")]
    [InlineData("Uppercase_Is_OK_123")]
    public void Good_label_values(string value)
    {
        Assert.Empty(ValidationRules.IsValidLabelValue(value));
        Assert.Empty(ValidationRules.IsValidLabelValue(new string('a', 63)));
    }

    [Theory]
    [InlineData("nospecialchars%^=@")]
    [InlineData("Tama-nui-te-rā.is_Māori.sun")]
    [InlineData("\\backslashes\\are\\bad")]
    [InlineData("-starts-with-dash")]
    [InlineData("ends-with-dash-")]
    [InlineData(".starts.with.dot")]
    [InlineData("ends.with.dot.")]
    public void Bad_label_values(string value)
    {
        Assert.NotEmpty(ValidationRules.IsValidLabelValue(value));
        Assert.Equal(["must be no more than 63 characters"], ValidationRules.IsValidLabelValue(new string('a', 64)));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("ab", true)]
    [InlineData("abc", true)]
    [InlineData("a1", true)]
    [InlineData("_a", true)]
    [InlineData("a_", true)]
    [InlineData("a_b", true)]
    [InlineData("a_1", true)]
    [InlineData("a__1__2__b", true)]
    [InlineData("__abc_123", true)]
    [InlineData("_", true)]
    [InlineData("A", true)]
    [InlineData("AB", true)]
    [InlineData("AbC", true)]
    [InlineData("A1", true)]
    [InlineData("_A", true)]
    [InlineData("A_", true)]
    [InlineData("A_B", true)]
    [InlineData("", false)]
    [InlineData("1", false)]
    [InlineData("123", false)]
    [InlineData("1a", false)]
    [InlineData("-", false)]
    [InlineData("a-", false)]
    [InlineData("-a", false)]
    [InlineData("1-", false)]
    [InlineData("-1", false)]
    [InlineData("1_", false)]
    [InlineData("1_2", false)]
    [InlineData(".", false)]
    [InlineData("a.", false)]
    [InlineData(".a", false)]
    [InlineData("a.b", false)]
    [InlineData(" ", false)]
    [InlineData("a b", false)]
    [InlineData("#", false)]
    [InlineData("a#", false)]
    [InlineData("~", false)]
    public void C_identifiers(string value, bool valid)
    {
        Assert.Equal(valid, ValidationRules.IsCIdentifier(value).Count == 0);
    }

    [Theory]
    [InlineData("A", true)]
    [InlineData("AB", true)]
    [InlineData("AbC", true)]
    [InlineData("A1", true)]
    [InlineData("a-b", true)]
    [InlineData("my.env-name", true)]
    [InlineData("MY_ENV.NAME", true)]
    [InlineData("_1", true)]
    [InlineData("1A", false)]
    [InlineData("A B", false)]
    [InlineData("A!", false)]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("..a", false)]
    public void Environment_variable_names(string value, bool valid)
    {
        Assert.Equal(valid, ValidationRules.IsEnvVarName(value).Count == 0);
    }

    [Fact]
    public void Environment_variable_name_messages()
    {
        Assert.Equal(
            [
                "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
            ],
            ValidationRules.IsEnvVarName("1A"));
        Assert.Equal(["must not be '..'"], ValidationRules.IsEnvVarName(".."));
    }

    [Theory]
    [InlineData("key.name", true)]
    [InlineData("KEY_NAME", true)]
    [InlineData("key-name", true)]
    [InlineData("key name", false)]
    [InlineData("key/name", false)]
    [InlineData("..key", false)]
    public void ConfigMap_keys(string value, bool valid)
    {
        Assert.Equal(valid, ValidationRules.IsConfigMapKey(value).Count == 0);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(80, true)]
    [InlineData(65535, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(65536, false)]
    public void Port_numbers(int port, bool valid)
    {
        Assert.Equal(valid ? [] : ["must be between 1 and 65535, inclusive"], ValidationRules.IsValidPortNum(port));
    }

    [Theory]
    [InlineData("telnet")]
    [InlineData("re-mail-ck")]
    [InlineData("pop3")]
    [InlineData("a")]
    [InlineData("a-1")]
    [InlineData("1-a")]
    [InlineData("a-1-b-2-c")]
    [InlineData("1-a-2-b-3")]
    public void Good_port_names(string name)
    {
        Assert.Empty(ValidationRules.IsValidPortName(name));
    }

    [Theory]
    [InlineData("longerthan15characters", "must be no more than 15 characters")]
    [InlineData("", "must contain at least one letter (a-z)")]
    [InlineData(" ", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")]
    [InlineData("12345", "must contain at least one letter (a-z)")]
    [InlineData("Http", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")]
    [InlineData("a--b", "must not contain consecutive hyphens")]
    [InlineData("-a", "must not begin or end with a hyphen")]
    [InlineData("a-", "must not begin or end with a hyphen")]
    public void Bad_port_names(string name, string message)
    {
        Assert.Contains(message, ValidationRules.IsValidPortName(name));
    }

    [Fact]
    public void Message_helpers_word_things_like_Kubernetes()
    {
        Assert.Equal("must be no more than 5 characters", ValidationRules.MaxLenError(5));
        Assert.Equal("must be non-empty", ValidationRules.EmptyError());
        Assert.Equal("must be between 1 and 3, inclusive", ValidationRules.InclusiveRangeError(1, 3));
        Assert.Equal("msg (regex used for validation is 'x')", ValidationRules.RegexError("msg", "x"));
        Assert.Equal("msg (e.g. 'a',  or 'b', regex used for validation is 'x')", ValidationRules.RegexError("msg", "x", "a", "b"));
        Assert.Equal(["must be between 0 and 10, inclusive"], ValidationRules.IsInRange(11, 0, 10));
        Assert.Empty(ValidationRules.IsInRange(10, 0, 10));
    }
}
