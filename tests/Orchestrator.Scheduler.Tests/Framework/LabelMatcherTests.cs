using System.Text.Json.Nodes;
using Orchestrator.Scheduler.Framework;
using Xunit;

namespace Orchestrator.Scheduler.Tests.Framework;

public sealed class LabelMatcherTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "fe" };

    [Theory]
    [InlineData("""{"matchLabels": {"app": "web"}}""", true)]
    [InlineData("""{"matchLabels": {"app": "db"}}""", false)]
    [InlineData("""{"matchExpressions": [{"key": "tier", "operator": "In", "values": ["fe", "be"]}]}""", true)]
    [InlineData("""{"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["fe"]}]}""", false)]
    [InlineData("""{"matchExpressions": [{"key": "missing", "operator": "NotIn", "values": ["x"]}]}""", true)]
    [InlineData("""{"matchExpressions": [{"key": "app", "operator": "Exists"}]}""", true)]
    [InlineData("""{"matchExpressions": [{"key": "app", "operator": "DoesNotExist"}]}""", false)]
    [InlineData("""{}""", true)]
    public void Matches_like_a_label_selector(string selector, bool matches)
    {
        Assert.Equal(matches, LabelMatcher.FromJson(JsonNode.Parse(selector)!.AsObject()).Matches(Labels));
    }

    [Fact]
    public void Null_and_invalid_selectors_match_nothing_an_empty_one_everything()
    {
        Assert.True(LabelMatcher.FromJson(null).IsNothing);
        Assert.False(LabelMatcher.FromJson(null).Matches(Labels));
        Assert.True(LabelMatcher.FromJson(JsonNode.Parse("""{"matchExpressions": [{"key": "a", "operator": "Bogus"}]}""")!.AsObject()).IsNothing);
        Assert.True(LabelMatcher.FromJson([]).IsEverything);
    }
}
