using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;
using Xunit;

namespace Orchestrator.Model.Tests.Validation;

public sealed class ObjectMetaValidatorTests
{
    private const string SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    [Fact]
    public void Accepts_good_metadata()
    {
        var metadata = Documents.Object("""
            {"name":"web-1","namespace":"prod","labels":{"app.kubernetes.io/name":"web","tier":""},
             "annotations":{"Example.com/Note":"anything at all"}}
            """);

        Assert.Empty(ObjectMetaValidator.Validate(metadata, namespaced: true));
    }

    [Fact]
    public void Name_or_generateName_is_required()
    {
        var errors = ObjectMetaValidator.Validate(Documents.Object("""{"namespace":"default"}"""), namespaced: true);

        Assert.Equal("metadata.name: Required value: name or generateName is required", errors.Single().ToString());
        Assert.Equal("metadata.name: Required value: name or generateName is required", ObjectMetaValidator.Validate(null, namespaced: false).ToString());
    }

    [Fact]
    public void Names_are_DNS_subdomains_by_default()
    {
        var errors = ObjectMetaValidator.Validate(Documents.Object("""{"name":"Web_1","namespace":"default"}"""), namespaced: true);

        Assert.Equal("Pod \"Web_1\" is invalid: metadata.name: Invalid value: \"Web_1\": " + SubdomainMessage, errors.ToInvalidMessage("Pod", "Web_1"));
    }

    [Fact]
    public void Another_name_rule_can_be_passed_in()
    {
        var service = Documents.Object("""{"name":"1web","namespace":"default"}""");

        Assert.Empty(ObjectMetaValidator.Validate(service, namespaced: true));
        var error = ObjectMetaValidator.Validate(service, namespaced: true, NameValidators.Dns1035Label).Single();
        Assert.StartsWith("metadata.name: Invalid value: \"1web\": a DNS-1035 label must", error.ToString(), StringComparison.Ordinal);

        Assert.Equal(
            ["may not contain '/'", "may not contain '%'"],
            NameValidators.PathSegment("a/%", false));
        Assert.Equal(["may not be '..'"], NameValidators.PathSegment("..", false));
        Assert.Empty(NameValidators.PathSegment("system:controller:x", false));
    }

    [Theory]
    [InlineData("web-", true)]
    [InlineData("web", true)]
    [InlineData("-", false)]
    [InlineData("Web-", false)]
    public void GenerateName_may_end_with_a_dash(string generateName, bool valid)
    {
        var metadata = new JsonObject { ["generateName"] = generateName, ["name"] = generateName.TrimEnd('-') + "-x7k2p" };
        var errors = ObjectMetaValidator.Validate(metadata, namespaced: false, path: FieldPath.Root("metadata"));

        Assert.Equal(valid, !errors.Any(e => e.Field == "metadata.generateName"));
    }

    [Fact]
    public void Namespace_is_required_for_namespaced_kinds_and_forbidden_otherwise()
    {
        var named = Documents.Object("""{"name":"x"}""");
        var namespacedError = ObjectMetaValidator.Validate(named, namespaced: true).Single();
        var clusterError = ObjectMetaValidator.Validate(Documents.Object("""{"name":"x","namespace":"default"}"""), namespaced: false).Single();
        var badNamespace = ObjectMetaValidator.Validate(Documents.Object("""{"name":"x","namespace":"a.b"}"""), namespaced: true).Single();

        Assert.Equal("metadata.namespace: Required value", namespacedError.ToString());
        Assert.Equal("metadata.namespace: Forbidden: not allowed on this type", clusterError.ToString());
        Assert.Equal("metadata.namespace: Invalid value: \"a.b\": must not contain dots", badNamespace.ToString());
    }

    [Fact]
    public void Labels_need_qualified_keys_and_valid_values()
    {
        var errors = ObjectMetaValidator.Validate(
            Documents.Object("""{"name":"x","labels":{"bad key":"ok","good":"bad value","n":3}}"""), namespaced: false);

        Assert.Equal(
            [
                "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "metadata.labels: Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                "metadata.labels[n]: Invalid value: 3: must be a string",
            ],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Annotation_keys_are_checked_case_insensitively()
    {
        var errors = ObjectMetaValidator.Validate(
            Documents.Object("""{"name":"x","annotations":{"UPPER.Example.COM/Key":"v","bad/key/":"v"}}"""), namespaced: false);

        Assert.Equal("metadata.annotations", errors.Single().Field);
        Assert.Contains("\"bad/key/\"", errors.Single().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Annotations_may_hold_256_KiB_in_total()
    {
        var fits = new JsonObject { ["name"] = "x", ["annotations"] = new JsonObject { ["a"] = new string('v', ObjectMetaValidator.TotalAnnotationSizeLimit - 1) } };
        var tooBig = new JsonObject { ["name"] = "x", ["annotations"] = new JsonObject { ["a"] = new string('v', ObjectMetaValidator.TotalAnnotationSizeLimit - 1), ["b"] = "" } };

        Assert.Empty(ObjectMetaValidator.Validate(fits, namespaced: false));
        Assert.Equal("metadata.annotations: Too long: must have at most 262144 bytes", ObjectMetaValidator.Validate(tooBig, namespaced: false).Single().ToString());
    }

    [Fact]
    public void Errors_go_under_the_given_path()
    {
        var template = Documents.Object("""{"labels":{"-":"x"}}""");
        var errors = ObjectMetaValidator.ValidateLabels(template["labels"] as JsonObject, FieldPath.Root("spec", "template", "metadata", "labels"));

        Assert.Equal("spec.template.metadata.labels", errors.Single().Field);
    }

    [Fact]
    public void Non_string_metadata_fields_are_invalid()
    {
        var errors = ObjectMetaValidator.Validate(Documents.Object("""{"name":5}"""), namespaced: false);

        Assert.Equal("metadata.name: Invalid value: 5: must be a string", errors[0].ToString());
    }
}
