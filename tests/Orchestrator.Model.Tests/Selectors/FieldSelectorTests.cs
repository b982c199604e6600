using System.Text.Json.Nodes;
using Orchestrator.Model.Selectors;
using Xunit;

namespace Orchestrator.Model.Tests.Selectors;

/// <summary>Field selectors, re-expressing Kubernetes' fields/selector_test.go.</summary>
public sealed class FieldSelectorTests
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["foo"] = "bar",
        ["baz"] = "blah",
        ["complex"] = @"=value\,\",
    };

    [Theory]
    [InlineData("x=a,y=b,z=c")]
    [InlineData("")]
    [InlineData("x!=a,y=b")]
    [InlineData(@"x=a||y\=b")]
    [InlineData(@"x=a\=\=b")]
    public void Good_selectors_print_back_unchanged(string selector)
    {
        Assert.Equal(selector, FieldSelector.Parse(selector).ToString());
    }

    [Theory]
    [InlineData("x=a||y=b")]
    [InlineData("x==a==b")]
    [InlineData("x=a,b")]
    [InlineData("x in (a)")]
    [InlineData("x in (a,b,c)")]
    [InlineData("x")]
    [InlineData(@"x=\a")]
    [InlineData(@"x=a\")]
    public void Bad_selectors_are_rejected(string selector)
    {
        Assert.Throws<FormatException>(() => FieldSelector.Parse(selector));
        Assert.False(FieldSelector.TryParse(selector, out _));
    }

    [Theory]
    [InlineData("x", "invalid selector: 'x'; can't understand 'x'")]
    [InlineData("a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'")]
    [InlineData("x=a=b", "invalid field selector: unescaped character in value: 61")]
    [InlineData("x=a,b,=c", "invalid selector: 'x=a,b,=c'; can't understand 'b'")]
    [InlineData(@"x=\a", @"invalid field selector: invalid escape sequence: \a")]
    [InlineData(@"x=a\", @"invalid field selector: invalid escape sequence: \")]
    public void Errors_read_like_Kubernetes(string selector, string message)
    {
        var error = Assert.Throws<FormatException>(() => FieldSelector.Parse(selector));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parsing_is_deterministic()
    {
        Assert.Equal(FieldSelector.Parse("x=a,a=x").ToString(), FieldSelector.Parse("a=x,x=a").ToString());
        Assert.Equal("a=x,x=a", FieldSelector.Parse("x=a,a=x").ToString());
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("foo=bar", true)]
    [InlineData("foo==bar", true)]
    [InlineData("baz=blah", true)]
    [InlineData("foo=bar,baz=blah", true)]
    [InlineData(@"foo=bar,baz=blah,complex=\=value\\\,\\", true)]
    [InlineData("foo=blah", false)]
    [InlineData("baz=bar", false)]
    [InlineData("foo=bar,foobar=bar,baz=blah", false)]
    [InlineData("foobar=", true)]
    [InlineData("foobar!=", false)]
    [InlineData("foo!=blah", true)]
    [InlineData("foo!=bar", false)]
    public void Matches_fields(string selector, bool expected)
    {
        Assert.Equal(expected, FieldSelector.Parse(selector).Matches(field => Fields.GetValueOrDefault(field)));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("a", "a")]
    [InlineData("=", @"\=")]
    [InlineData(",", @"\,")]
    [InlineData(@"\", @"\\")]
    [InlineData(@"\=\,\", @"\\\=\\\,\\")]
    public void Escaping_round_trips(string unescaped, string escaped)
    {
        Assert.Equal(escaped, FieldSelector.EscapeValue(unescaped));
        Assert.Equal(unescaped, FieldSelector.UnescapeValue(escaped));
    }

    [Fact]
    public void Unescaped_separators_in_a_value_are_reported_by_their_code_point()
    {
        var error = Assert.Throws<FormatException>(() => FieldSelector.UnescapeValue("a,b"));
        Assert.Equal("invalid field selector: unescaped character in value: 44", error.Message);
    }

    [Theory]
    [InlineData(@"\")]
    [InlineData(@"\\\")]
    [InlineData(@"\a")]
    public void Invalid_escape_sequences_are_rejected(string value)
    {
        var error = Assert.Throws<FormatException>(() => FieldSelector.UnescapeValue(value));
        Assert.Contains("invalid escape sequence", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Escaped_commas_do_not_split_terms()
    {
        var selector = FieldSelector.Parse(@"k=\,,k2=v2");

        // Terms are sorted as written: "k2=v2" sorts before "k=\,".
        Assert.Equal(["v2", ","], selector.Requirements.Select(r => r.Value));
        Assert.Equal(@"k2=v2,k=\,", selector.ToString());
        Assert.Equal(["함", "목"], FieldSelector.Parse("함=수,목=록").Fields.Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public void Fields_lists_the_referenced_fields_for_the_gateway_to_check()
    {
        var selector = FieldSelector.Parse("spec.nodeName=node-1,status.phase!=Running,metadata.name=web,spec.nodeName!=node-2");

        Assert.Equal(["metadata.name", "spec.nodeName", "status.phase"], selector.Fields);
        Assert.Equal(4, selector.Requirements.Count);
        Assert.Equal(SelectorOperator.NotEquals, selector.Requirements.Single(r => r.Field == "status.phase").Operator);
    }

    [Fact]
    public void A_term_with_neither_field_nor_value_is_dropped()
    {
        Assert.True(FieldSelector.Parse("=").IsEmpty);
        Assert.True(FieldSelector.Parse(",,").IsEmpty);
        Assert.Equal("a=b", FieldSelector.Parse("=,a=b").ToString());
    }

    [Fact]
    public void Empty_and_Nothing()
    {
        Assert.True(FieldSelector.Empty.IsEmpty);
        Assert.True(FieldSelector.Empty.Matches(_ => "x"));
        Assert.Same(FieldSelector.Empty, FieldSelector.Everything);
        Assert.False(FieldSelector.Nothing.Matches(_ => "x"));
        Assert.True(FieldSelector.Nothing.IsNothing);
        Assert.False(FieldSelector.Parse("a=b").IsEmpty);
    }

    [Theory]
    [InlineData("test=b", "test", true, "b")]
    [InlineData("test=", "test", true, "")]
    [InlineData("a=b", "test", false, "")]
    [InlineData("test!=b", "test", false, "")]
    [InlineData("", "test", false, "")]
    public void RequiresExactMatch_finds_pinned_fields(string selector, string field, bool found, string value)
    {
        Assert.Equal(found, FieldSelector.Parse(selector).RequiresExactMatch(field, out var actual));
        Assert.Equal(value, actual);
    }

    [Fact]
    public void FromSet_requires_each_field()
    {
        var selector = FieldSelector.FromSet(new Dictionary<string, string> { ["foo"] = "bar" });

        Assert.True(selector.Matches(field => Fields.GetValueOrDefault(field)));
        Assert.False(FieldSelector.FromSet(new Dictionary<string, string> { ["foo"] = "=blah" }).Matches(field => Fields.GetValueOrDefault(field)));
    }

    [Fact]
    public void GetField_reads_dotted_paths_with_empty_for_missing()
    {
        var pod = Documents.Object("""
            {"metadata":{"name":"web-1","namespace":"prod"},
             "spec":{"nodeName":"node-1","hostNetwork":true,"priority":7,"schedulerName":null},
             "status":{"phase":"Running"}}
            """);

        Assert.Equal("web-1", FieldSelector.GetField(pod, "metadata.name"));
        Assert.Equal("prod", FieldSelector.GetField(pod, "metadata.namespace"));
        Assert.Equal("node-1", FieldSelector.GetField(pod, "spec.nodeName"));
        Assert.Equal("Running", FieldSelector.GetField(pod, "status.phase"));
        Assert.Equal("true", FieldSelector.GetField(pod, "spec.hostNetwork"));
        Assert.Equal("7", FieldSelector.GetField(pod, "spec.priority"));
        Assert.Equal(string.Empty, FieldSelector.GetField(pod, "spec.schedulerName"));
        Assert.Equal(string.Empty, FieldSelector.GetField(pod, "status.podIP"));
        Assert.Equal(string.Empty, FieldSelector.GetField(pod, "metadata.name.first"));
        Assert.Equal(string.Empty, FieldSelector.GetField(new JsonObject(), "metadata.name"));
    }

    [Fact]
    public void Matches_objects_through_GetField()
    {
        var pod = Documents.Object("""{"metadata":{"name":"web-1"},"spec":{"nodeName":""},"status":{"phase":"Pending"}}""");

        Assert.True(FieldSelector.Parse("spec.nodeName=").Matches(pod));
        Assert.True(FieldSelector.Parse("status.phase!=Running,metadata.name=web-1").Matches(pod));
        Assert.False(FieldSelector.Parse("status.phase=Running").Matches(pod));
    }
}
