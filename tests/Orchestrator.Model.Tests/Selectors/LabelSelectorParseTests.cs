using Orchestrator.Model.Selectors;
using Xunit;

namespace Orchestrator.Model.Tests.Selectors;

/// <summary>Parsing, re-expressing Kubernetes' TestSelectorParse and TestSetSelectorParser.</summary>
public sealed class LabelSelectorParseTests
{
    [Theory]
    [InlineData("x=a,y=b,z=c")]
    [InlineData("")]
    [InlineData("x!=a,y=b")]
    [InlineData("x=")]
    [InlineData("x= ")]
    [InlineData("x=,z= ")]
    [InlineData("x= ,z= ")]
    [InlineData("!x")]
    [InlineData("x>1")]
    [InlineData("x>1,z<5")]
    public void Good_selectors_print_back_without_spaces(string selector)
    {
        Assert.Equal(selector.Replace(" ", string.Empty, StringComparison.Ordinal), LabelSelector.Parse(selector).ToString());
    }

    [Theory]
    [InlineData("x=a||y=b")]
    [InlineData("x==a==b")]
    [InlineData("!x=a")]
    [InlineData("x<a")]
    [InlineData("x,y,")]
    [InlineData(",x,y")]
    [InlineData("x nott in (y)")]
    [InlineData("a in (xyz),")]
    [InlineData("a in (xyz)b notin ()")]
    [InlineData("a in (xyz abc)")]
    [InlineData("a notin(")]
    [InlineData("a (")]
    [InlineData("(")]
    [InlineData("x in a")]
    [InlineData("x in (a")]
    [InlineData("x in (a,")]
    [InlineData("x=(a)")]
    [InlineData("a b")]
    [InlineData("x in (a,,)")] // Kubernetes' parser consumes ",," as a pair and then finds ')' where it wants a value
    public void Bad_selectors_are_rejected(string selector)
    {
        Assert.Throws<FormatException>(() => LabelSelector.Parse(selector));
        Assert.False(LabelSelector.TryParse(selector, out _));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("\rx", "x")]
    [InlineData("this-is-a-dns.domain.com/key-with-dash", "this-is-a-dns.domain.com/key-with-dash")]
    [InlineData("this-is-another-dns.domain.com/key-with-dash in (so,what)", "this-is-another-dns.domain.com/key-with-dash in (so,what)")]
    [InlineData("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)")]
    [InlineData("foo  in\t (abc)", "foo in (abc)")]
    [InlineData("x notin\n (abc)", "x notin (abc)")]
    [InlineData("x  notin\t\t\t(abc,def)", "x notin (abc,def)")]
    [InlineData("x in (abc,def)", "x in (abc,def)")]
    [InlineData("x in (def,abc,def)", "x in (abc,def)")]
    [InlineData("x in (abc,)", "x in (,abc)")]
    [InlineData("x in ()", "x in ()")]
    [InlineData("x notin (abc,,def),bar,z in (),w", "bar,w,x notin (,abc,def),z in ()")]
    [InlineData("x in (a,,,)", "x in (,a)")]
    [InlineData("x in (a,,b)", "x in (,a,b)")]
    [InlineData("x in (,)", "x in ()")]
    [InlineData("x,y in (a)", "x,y in (a)")]
    [InlineData("x=a", "x=a")]
    [InlineData("x==a", "x==a")]
    [InlineData("x>1", "x>1")]
    [InlineData("x<7", "x<7")]
    [InlineData("x=a,y!=b", "x=a,y!=b")]
    [InlineData("x=a,y!=b,z in (h,i,j)", "x=a,y!=b,z in (h,i,j)")]
    [InlineData("x notin ( )", "x notin ()")]
    [InlineData("x notin (, a)", "x notin (,a)")]
    [InlineData("a ", "a")]
    [InlineData("a in (x,y,notin, z,in)", "a in (in,notin,x,y,z)")]
    [InlineData("notin=in", "notin=in")]
    [InlineData("z=1,a=2", "a=2,z=1")]
    public void Parses_set_based_and_equality_requirements(string selector, string canonical)
    {
        Assert.Equal(canonical, LabelSelector.Parse(selector).ToString());
    }

    [Fact]
    public void Parsing_is_deterministic()
    {
        Assert.Equal(LabelSelector.Parse("x=a,a=x").ToString(), LabelSelector.Parse("a=x,x=a").ToString());
    }

    [Fact]
    public void Requirements_expose_key_operator_and_sorted_unique_values()
    {
        var selector = LabelSelector.Parse("tier notin (fe,be,fe), app = web, !canary, release, ver>2");

        Assert.Collection(
            selector.Requirements,
            r => (r.Key, r.Operator, r.Values).AssertIs("app", SelectorOperator.Equals, "web"),
            r => (r.Key, r.Operator, r.Values).AssertIs("canary", SelectorOperator.DoesNotExist),
            r => (r.Key, r.Operator, r.Values).AssertIs("release", SelectorOperator.Exists),
            r => (r.Key, r.Operator, r.Values).AssertIs("tier", SelectorOperator.NotIn, "be", "fe"),
            r => (r.Key, r.Operator, r.Values).AssertIs("ver", SelectorOperator.GreaterThan, "2"));
    }

    [Theory]
    [InlineData("x=a||y=b",
        "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")]
    [InlineData("k$=v",
        "unable to parse requirement: <nil>: Invalid value: \"k$\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")]
    [InlineData("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("x,,y", "found ',', expected: identifier after ','")]
    [InlineData("(", "found '(', expected: !, identifier, or 'end of string'")]
    [InlineData("a in (xyz)b", "found 'b', expected: ',' or 'end of string'")]
    [InlineData("x in a", "unable to parse requirement: found 'a' expected: '('")]
    [InlineData("x in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'")]
    [InlineData("x in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier")]
    [InlineData("x=(", "unable to parse requirement: found '(', expected: identifier")]
    [InlineData("!=x", "found '!=', expected: !, identifier, or 'end of string'")]
    [InlineData("!(x", "unable to parse requirement: found '(', expected: identifier")]
    [InlineData("x<a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer")]
    public void Errors_read_like_Kubernetes(string selector, string message)
    {
        var error = Assert.Throws<FormatException>(() => LabelSelector.Parse(selector));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Keys_longer_than_the_DNS_limits_are_rejected()
    {
        Assert.Throws<FormatException>(() => LabelSelector.Parse(new string('a', 64)));
        Assert.Throws<FormatException>(() => LabelSelector.Parse(new string('a', 254) + "/b"));
        Assert.Equal("example.com/" + new string('b', 63), LabelSelector.Parse("example.com/" + new string('b', 63)).ToString());
    }

    [Fact]
    public void TryParse_returns_the_selector()
    {
        Assert.True(LabelSelector.TryParse("app=web", out var selector));
        Assert.Equal("app=web", selector.ToString());
        Assert.False(LabelSelector.TryParse(null, out _));
    }
}
