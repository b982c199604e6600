using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;
using Xunit;

namespace Orchestrator.Model.Tests.Validation;

public sealed class FieldErrorTests
{
    private static readonly FieldPath Name = FieldPath.Root("spec").Child("containers").Index(0).Child("name");

    [Fact]
    public void Paths_print_like_Kubernetes_field_paths()
    {
        Assert.Equal("spec.containers[0].name", Name.ToString());
        Assert.Equal("metadata.labels[app.kubernetes.io/name]", FieldPath.Root("metadata").Child("labels").Key("app.kubernetes.io/name").ToString());
        Assert.Equal("spec.template.spec", FieldPath.Root("spec", "template", "spec").ToString());
        Assert.Equal("a.b.c[1][k]", FieldPath.Root("a").Child("b", "c").Index(1).Key("k").ToString());
    }

    [Fact]
    public void Each_error_type_prints_its_Kubernetes_body()
    {
        Assert.Equal("spec.containers[0].name: Required value", FieldError.Required(Name).ToString());
        Assert.Equal("spec.containers[0].name: Required value: must be set", FieldError.Required(Name, "must be set").ToString());
        Assert.Equal("spec.containers[0].name: Invalid value: \"a b\": bad", FieldError.Invalid(Name, "a b", "bad").ToString());
        Assert.Equal("spec.containers[0].name: Duplicate value: \"web\"", FieldError.Duplicate(Name, "web").ToString());
        Assert.Equal(
            "spec.containers[0].name: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"",
            FieldError.NotSupported(Name, "Sometimes", ["Always", "IfNotPresent", "Never"]).ToString());
        Assert.Equal("spec.containers[0].name: Forbidden: may not be set", FieldError.Forbidden(Name, "may not be set").ToString());
        Assert.Equal("metadata.annotations: Too long: must have at most 262144 bytes", FieldError.TooLong(FieldPath.Root("metadata", "annotations"), "", 262144).ToString());
        Assert.Equal("spec.containers: Too many: 5: must have at most 3 items", FieldError.TooMany(FieldPath.Root("spec", "containers"), 5, 3).ToString());
        Assert.Equal("spec.containers: Too many: has too many items", FieldError.TooMany(FieldPath.Root("spec", "containers"), -1, -1).ToString());
        Assert.Equal("spec.containers[0].name: Not found: \"x\"", FieldError.NotFound(Name, "x").ToString());
        Assert.Equal("spec.containers[0].name: Internal error: boom", FieldError.Internal(Name, "boom").ToString());
    }

    [Fact]
    public void Values_are_printed_as_Go_prints_them()
    {
        var port = FieldPath.Root("spec", "ports").Index(0).Child("port");

        Assert.Equal("spec.ports[0].port: Invalid value: 70000: too big", FieldError.Invalid(port, 70000, "too big").ToString());
        Assert.Equal("x: Invalid value: true: no", FieldError.Invalid(FieldPath.Root("x"), true, "no").ToString());
        Assert.Equal("x: Invalid value: null: no", FieldError.Invalid(FieldPath.Root("x"), null, "no").ToString());
        Assert.Equal("x: Invalid value: \"tab\\there \\\"q\\\"\": no", FieldError.Invalid(FieldPath.Root("x"), "tab\there \"q\"", "no").ToString());
        Assert.Equal("x: Invalid value: []string{\"a\", \"b\"}: no", FieldError.Invalid(FieldPath.Root("x"), new[] { "a", "b" }, "no").ToString());
        Assert.Equal("x: Invalid value: {\"a\":1}: no", FieldError.Invalid(FieldPath.Root("x"), new JsonObject { ["a"] = 1 }, "no").ToString());
    }

    [Fact]
    public void Errors_expose_their_parts_and_status_cause_type()
    {
        var error = FieldError.Invalid(Name, "A", "bad");

        Assert.Equal(FieldErrorType.Invalid, error.Type);
        Assert.Equal("spec.containers[0].name", error.Field);
        Assert.Equal("A", error.BadValue);
        Assert.Equal("bad", error.Detail);
        Assert.Equal("Invalid value: \"A\": bad", error.ErrorBody);
        Assert.Equal("FieldValueInvalid", error.CauseType);
        Assert.Equal("FieldValueRequired", FieldError.Required(Name).CauseType);
        Assert.Equal("FieldValueNotSupported", FieldError.NotSupported(Name, "x", []).CauseType);
        Assert.Equal("FieldValueTooLong", FieldError.TooLong(Name, "", 1).CauseType);
        Assert.Equal("FieldValueDuplicate", FieldError.Duplicate(Name, "x").CauseType);
        Assert.Equal("FieldValueForbidden", FieldError.Forbidden(Name, "x").CauseType);
    }

    [Fact]
    public void A_list_aggregates_like_Kubernetes()
    {
        var errors = new FieldErrorList();
        Assert.True(errors.IsEmpty);
        Assert.Equal(string.Empty, errors.ToString());
        Assert.Equal("Pod \"x\" is invalid", errors.ToInvalidMessage("Pod", "x"));

        errors.Add(FieldError.Required(Name));
        Assert.Equal("spec.containers[0].name: Required value", errors.ToString());
        Assert.Equal("Pod \"x\" is invalid: spec.containers[0].name: Required value", errors.ToInvalidMessage("Pod", "x"));

        errors.Add(FieldError.Required(Name));
        errors.Add(FieldError.Invalid(FieldPath.Root("metadata", "name"), "X", "bad"));
        Assert.Equal(3, errors.Count);
        Assert.Equal("[spec.containers[0].name: Required value, metadata.name: Invalid value: \"X\": bad]", errors.ToString());
        Assert.Equal(
            "Deployment.apps \"web\" is invalid: [spec.containers[0].name: Required value, metadata.name: Invalid value: \"X\": bad]",
            errors.ToInvalidMessage("Deployment.apps", "web"));
        Assert.Equal(FieldErrorType.Invalid, errors[2].Type);
    }
}
