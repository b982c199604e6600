using System.Text.Json.Nodes;
using Orchestrator.Model.Selectors;
using Xunit;

namespace Orchestrator.Model.Tests.Selectors;

/// <summary>Matching, re-expressing Kubernetes' TestSelectorMatches and TestRequirementSelectorMatching.</summary>
public sealed class LabelSelectorMatchTests
{
    private static readonly Dictionary<string, string> FooBar = new() { ["foo"] = "bar", ["baz"] = "blah" };

    [Theory]
    [InlineData("", "x=y", true)]
    [InlineData("x=y", "x=y", true)]
    [InlineData("x=y,z=w", "x=y,z=w", true)]
    [InlineData("x!=y,z!=w", "x=z,z=a", true)]
    [InlineData("notin=in", "notin=in", true)]
    [InlineData("x", "x=z", true)]
    [InlineData("!x", "y=z", true)]
    [InlineData("x>1", "x=2", true)]
    [InlineData("x<1", "x=0", true)]
    [InlineData("x=z", "", false)]
    [InlineData("x=y", "x=z", false)]
    [InlineData("x=y,z=w", "x=w,z=w", false)]
    [InlineData("x!=y,z!=w", "x=z,z=w", false)]
    [InlineData("x", "y=z", false)]
    [InlineData("!x", "x=z", false)]
    [InlineData("x>1", "x=0", false)]
    [InlineData("x<1", "x=2", false)]
    [InlineData("x>1", "x=v2", false)]
    [InlineData("x>1", "", false)]
    [InlineData("x in (foo),y notin (alpha)", "x=foo,y=baz", true)]
    [InlineData("x in (foo),y in (alpha)", "x=foo,y=baz", false)]
    [InlineData("x notin (),y", "y=", true)]
    [InlineData("!x,y", "y=", true)]
    [InlineData("x notin (),!y", "y=", false)]
    [InlineData("x in ()", "y=baz", false)]
    [InlineData("x in ()", "x=", true)]
    [InlineData("x=", "x=", true)]
    [InlineData("x notin (a,b)", "", true)]
    [InlineData("x!=a", "", true)]
    public void Matches_label_sets(string selector, string labels, bool expected)
    {
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels(labels)));
    }

    [Theory]
    [InlineData("foo=bar", true)]
    [InlineData("baz=blah", true)]
    [InlineData("foo=bar,baz=blah", true)]
    [InlineData("foo=blah", false)]
    [InlineData("baz=bar", false)]
    [InlineData("foo=bar,foobar=bar,baz=blah", false)]
    public void Matches_every_requirement(string selector, bool expected)
    {
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(FooBar));
    }

    [Fact]
    public void Selectors_from_sets_match_exactly()
    {
        Assert.True(LabelSelector.FromSet(new Dictionary<string, string>()).Matches(FooBar));
        Assert.True(LabelSelector.FromSet(new Dictionary<string, string> { ["foo"] = "bar" }).Matches(FooBar));
        Assert.True(LabelSelector.FromSet(new Dictionary<string, string> { ["foo"] = "bar", ["baz"] = "blah" }).Matches(FooBar));
        Assert.False(LabelSelector.FromSet(new Dictionary<string, string> { ["foo"] = "=blah" }).Matches(FooBar));
        Assert.Equal("baz=blah,foo=bar", LabelSelector.FromSet(FooBar).ToString());
        Assert.True(LabelSelector.FromSet(new Dictionary<string, string>()).IsEmpty);
    }

    [Fact]
    public void Empty_matches_everything_and_Nothing_matches_nothing()
    {
        Assert.True(LabelSelector.Empty.Matches(FooBar));
        Assert.True(LabelSelector.Empty.IsEmpty);
        Assert.Same(LabelSelector.Empty, LabelSelector.Everything);
        Assert.True(LabelSelector.Parse("").IsEmpty);
        Assert.False(LabelSelector.Nothing.Matches(FooBar));
        Assert.False(LabelSelector.Nothing.Matches(new Dictionary<string, string>()));
        Assert.False(LabelSelector.Nothing.IsEmpty);
        Assert.True(LabelSelector.Nothing.IsNothing);
        Assert.Equal(string.Empty, LabelSelector.Nothing.ToString());
        Assert.Same(LabelSelector.Nothing, LabelSelector.Nothing.Add(LabelRequirement.Create("a", SelectorOperator.Exists, [])));
    }

    [Fact]
    public void Matches_the_labels_of_an_object()
    {
        var pod = Documents.Object("""{"metadata":{"name":"web-1","labels":{"app":"web","tier":"fe"}}}""");
        var unlabelled = Documents.Object("""{"metadata":{"name":"bare"}}""");

        Assert.True(LabelSelector.Parse("app=web,tier in (fe,be)").Matches(pod));
        Assert.False(LabelSelector.Parse("app=db").Matches(pod));
        Assert.True(LabelSelector.Parse("!app").Matches(unlabelled));
        Assert.True(LabelSelector.Parse("").Matches(new JsonObject()));
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "fe" }, LabelSelector.LabelsOf(pod));
    }

    [Theory]
    [InlineData("app=web", "app", true, "web")]
    [InlineData("app==web", "app", true, "web")]
    [InlineData("app in (web)", "app", true, "web")]
    [InlineData("app in (web,db)", "app", false, "")]
    [InlineData("app!=web", "app", false, "")]
    [InlineData("tier=fe", "app", false, "")]
    [InlineData("", "app", false, "")]
    public void RequiresExactMatch_finds_pinned_values(string selector, string label, bool found, string value)
    {
        Assert.Equal(found, LabelSelector.Parse(selector).RequiresExactMatch(label, out var actual));
        Assert.Equal(value, actual);
    }

    [Fact]
    public void Add_keeps_requirements_sorted_by_key()
    {
        var selector = LabelSelector.Parse("key in (value)").Add(LabelRequirement.Create("a", SelectorOperator.Equals, ["b"]));

        Assert.Equal("a=b,key in (value)", selector.ToString());
    }

    [Fact]
    public void Requirements_print_like_Kubernetes()
    {
        var cases = new (LabelRequirement[] Requirements, string Expected)[]
        {
            ([Req("x", SelectorOperator.In, "abc", "def"), Req("y", SelectorOperator.NotIn, "jkl"), Req("z", SelectorOperator.Exists)], "x in (abc,def),y notin (jkl),z"),
            ([Req("x", SelectorOperator.NotIn, "abc", "def"), Req("y", SelectorOperator.NotEquals, "jkl"), Req("z", SelectorOperator.DoesNotExist)], "x notin (abc,def),y!=jkl,!z"),
            ([Req("x", SelectorOperator.NotIn, "abc"), Req("y", SelectorOperator.In, "jkl", "mno"), Req("z", SelectorOperator.NotIn, "")], "x notin (abc),y in (jkl,mno),z notin ()"),
            ([Req("x", SelectorOperator.Equals, "abc"), Req("y", SelectorOperator.DoubleEquals, "jkl"), Req("z", SelectorOperator.NotEquals, "a"), Req("z", SelectorOperator.Exists)], "x=abc,y==jkl,z!=a,z"),
            ([Req("x", SelectorOperator.GreaterThan, "2"), Req("y", SelectorOperator.LessThan, "8"), Req("z", SelectorOperator.Exists)], "x>2,y<8,z"),
        };

        foreach (var (requirements, expected) in cases)
        {
            Assert.Equal(expected, LabelSelector.Empty.Add(requirements).ToString());
        }
    }

    [Theory]
    [InlineData("x", SelectorOperator.In, new string[0], false)]
    [InlineData("x", SelectorOperator.NotIn, new string[0], false)]
    [InlineData("x", SelectorOperator.In, new[] { "foo" }, true)]
    [InlineData("x", SelectorOperator.NotIn, new[] { "foo" }, true)]
    [InlineData("x", SelectorOperator.Exists, new string[0], true)]
    [InlineData("x", SelectorOperator.DoesNotExist, new string[0], true)]
    [InlineData("x", SelectorOperator.Exists, new[] { "a" }, false)]
    [InlineData("1foo", SelectorOperator.In, new[] { "bar" }, true)]
    [InlineData("1234", SelectorOperator.In, new[] { "bar" }, true)]
    [InlineData("y", SelectorOperator.GreaterThan, new[] { "1" }, true)]
    [InlineData("z", SelectorOperator.LessThan, new[] { "6" }, true)]
    [InlineData("foo", SelectorOperator.GreaterThan, new[] { "bar" }, false)]
    [InlineData("barz", SelectorOperator.LessThan, new[] { "blah" }, false)]
    [InlineData("x", SelectorOperator.Equals, new[] { "a", "b" }, false)]
    [InlineData("x", SelectorOperator.Equals, new[] { "bad value" }, false)]
    public void Requirements_are_validated(string key, SelectorOperator op, string[] values, bool valid)
    {
        if (valid)
        {
            Assert.Equal(key, LabelRequirement.Create(key, op, values).Key);
        }
        else
        {
            Assert.Throws<FormatException>(() => LabelRequirement.Create(key, op, values));
        }
    }

    [Fact]
    public void A_key_of_254_characters_breaks_the_DNS_rule()
    {
        Assert.Throws<FormatException>(() => LabelRequirement.Create(new string('a', 254), SelectorOperator.Exists, []));
    }

    [Fact]
    public void Several_requirement_errors_are_aggregated()
    {
        var error = Assert.Throws<FormatException>(() => LabelRequirement.Create("a b", SelectorOperator.In, []));

        Assert.StartsWith("[key: Invalid value: \"a b\": name part must consist of", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(", values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty]", error.Message, StringComparison.Ordinal);
    }

    private static LabelRequirement Req(string key, SelectorOperator op, params string[] values) => LabelRequirement.Create(key, op, values);

    private static Dictionary<string, string> Labels(string text) =>
        text.Length == 0
            ? []
            : text.Split(',').Select(pair => pair.Split('=')).ToDictionary(parts => parts[0], parts => parts[1]);
}
