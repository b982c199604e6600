using Orchestrator.Model.Selectors;
using Orchestrator.Model.Validation;
using Xunit;

namespace Orchestrator.Model.Tests.Selectors;

/// <summary>metav1.LabelSelector objects: conversion (LabelSelectorAsSelector) and validation (ValidateLabelSelector).</summary>
public sealed class LabelSelectorJsonTests
{
    [Fact]
    public void Combines_matchLabels_and_matchExpressions()
    {
        var selector = LabelSelector.FromJson(Documents.Object("""
            {"matchLabels":{"app":"web"},
             "matchExpressions":[
               {"key":"tier","operator":"In","values":["fe","be"]},
               {"key":"env","operator":"NotIn","values":["dev"]},
               {"key":"release","operator":"Exists"},
               {"key":"canary","operator":"DoesNotExist"}]}
            """));

        Assert.Equal("app=web,!canary,env notin (dev),release,tier in (be,fe)", selector.ToString());
        Assert.True(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "be", ["release"] = "1" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "be", ["release"] = "1", ["canary"] = "y" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "be", ["release"] = "1", ["env"] = "dev" }));
    }

    [Fact]
    public void Null_selects_nothing_and_empty_selects_everything()
    {
        Assert.True(LabelSelector.FromJson(null).IsNothing);
        Assert.True(LabelSelector.FromJson(Documents.Object("{}")).IsEmpty);
        Assert.True(LabelSelector.FromJson(Documents.Object("""{"matchLabels":{},"matchExpressions":[]}""")).IsEmpty);
    }

    [Theory]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"Equals","values":["b"]}]}""", "\"Equals\" is not a valid label selector operator")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"In"}]}""", "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"Exists","values":["b"]}]}""", "values: Invalid value: []string{\"b\"}: values set must be empty for exists and does not exist")]
    [InlineData("""{"matchLabels":{"a":"b c"}}""", "values[0][a]: Invalid value: \"b c\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")]
    [InlineData("""{"matchLabels":{"-a":"b"}}""", "key: Invalid value: \"-a\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")]
    public void Invalid_selectors_give_Kubernetes_errors(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => LabelSelector.FromJson(Documents.Object(json)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Validate_reports_field_errors_under_the_given_path()
    {
        var errors = LabelSelector.Validate(
            Documents.Object("""
                {"matchLabels":{"app":"web"},
                 "matchExpressions":[
                   {"key":"tier","operator":"In"},
                   {"key":"env","operator":"Exists","values":["x"]},
                   {"key":"a/b/c","operator":"Near","values":["-bad-"]}]}
                """),
            FieldPath.Root("spec", "selector"));

        Assert.Equal(
            [
                "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                "spec.selector.matchExpressions[2].operator: Invalid value: \"Near\": not a valid selector operator",
                "spec.selector.matchExpressions[2].key: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                "spec.selector.matchExpressions[2].values[0]: Invalid value: \"-bad-\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            ],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Validate_accepts_a_good_selector_and_null()
    {
        Assert.Empty(LabelSelector.Validate(Documents.Object("""{"matchLabels":{"app":"web"}}"""), FieldPath.Root("spec", "selector")));
        Assert.Empty(LabelSelector.Validate(null, FieldPath.Root("spec", "selector")));
    }
}
