using System.Text.Json.Nodes;
using Orchestrator.Controllers.Deployments;
using Xunit;

namespace Orchestrator.Controllers.Tests.Deployments;

/// <summary>maxSurge and maxUnavailable as counts, rounded as Kubernetes rounds them.</summary>
public sealed class RollingUpdateLimitsTests
{
    private static JsonObject Deployment(int replicas, JsonNode? maxSurge, JsonNode? maxUnavailable, string type = "RollingUpdate") => new()
    {
        ["spec"] = new JsonObject
        {
            ["replicas"] = (long)replicas,
            ["strategy"] = new JsonObject
            {
                ["type"] = type,
                ["rollingUpdate"] = new JsonObject { ["maxSurge"] = maxSurge, ["maxUnavailable"] = maxUnavailable },
            },
        },
    };

    [Theory]
    [InlineData(10, "25%", "25%", 3, 2)]
    [InlineData(1, "25%", "25%", 1, 0)]
    [InlineData(4, "50%", "10%", 2, 0)]
    [InlineData(10, "0%", "0%", 0, 1)]
    [InlineData(3, "0", "5", 0, 3)]
    public void Percentages_round_surge_up_and_unavailability_down(int replicas, string surge, string unavailable, int expectedSurge, int expectedUnavailable)
    {
        static JsonNode Value(string text) => text.EndsWith('%') ? JsonValue.Create(text) : JsonValue.Create(long.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        var deployment = Deployment(replicas, Value(surge), Value(unavailable));
        Assert.Equal(expectedSurge, RollingUpdateLimits.MaxSurge(deployment));
        Assert.Equal(expectedUnavailable, RollingUpdateLimits.MaxUnavailable(deployment));
    }

    [Fact]
    public void Recreate_has_neither_surge_nor_unavailability()
    {
        var deployment = Deployment(10, "25%", "25%", "Recreate");
        Assert.Equal(0, RollingUpdateLimits.MaxSurge(deployment));
        Assert.Equal(0, RollingUpdateLimits.MaxUnavailable(deployment));
    }
}
