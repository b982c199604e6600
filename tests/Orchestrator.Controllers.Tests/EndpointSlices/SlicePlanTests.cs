using System.Text.Json.Nodes;
using Orchestrator.Controllers.EndpointSlices;
using Xunit;

namespace Orchestrator.Controllers.Tests.EndpointSlices;

/// <summary>The slice reconciler's arithmetic: as few writes as possible, at most the maximum per slice, a placeholder when empty.</summary>
public sealed class SlicePlanTests
{
    private static readonly JsonArray HttpPorts = new(new JsonObject { ["name"] = "http", ["port"] = 8080, ["protocol"] = "TCP" });

    [Fact]
    public void Endpoints_beyond_the_maximum_go_into_further_slices()
    {
        var plan = SlicePlan.Compute([], [.. Enumerable.Range(0, 250).Select(i => Endpoint(i))], 100);

        Assert.Equal([100, 100, 50], plan.Creates.Select(c => c.Endpoints.Count));
        Assert.All(plan.Creates, c => Assert.Equal("http|8080|TCP|", SliceEndpoint.KeyOfPorts(c.Ports)));
        Assert.Empty(plan.Updates);
        Assert.Empty(plan.Deletes);
    }

    [Fact]
    public void Only_slices_whose_endpoints_changed_are_written_and_new_endpoints_fill_them_first()
    {
        var full = Slice("web-a", [.. Enumerable.Range(0, 3).Select(i => Endpoint(i).Endpoint)]);
        var other = Slice("web-b", [Endpoint(3).Endpoint, Endpoint(4).Endpoint]);

        // Endpoint 4 is gone and endpoint 5 is new: web-b is rewritten with 3 and 5; web-a stays as it is.
        var plan = SlicePlan.Compute([full, other], [Endpoint(0), Endpoint(1), Endpoint(2), Endpoint(3), Endpoint(5)], 3);

        Assert.Same(full, Assert.Single(plan.Unchanged));
        var (slice, endpoints) = Assert.Single(plan.Updates);
        Assert.Same(other, slice);
        Assert.Equal(["uid-3", "uid-5"], endpoints.Select(SliceEndpoint.KeyOf));
        Assert.Empty(plan.Creates);
        Assert.Empty(plan.Deletes);
    }

    [Fact]
    public void A_changed_endpoint_is_updated_in_place_and_an_emptied_slice_deleted()
    {
        var a = Slice("web-a", [Endpoint(0).Endpoint]);
        var b = Slice("web-b", [Endpoint(1).Endpoint]);

        var plan = SlicePlan.Compute([a, b], [Endpoint(0, ready: false)], 100);

        var (slice, endpoints) = Assert.Single(plan.Updates);
        Assert.Same(a, slice);
        Assert.False(endpoints[0]["conditions"]!["ready"]!.GetValue<bool>());
        Assert.Same(b, Assert.Single(plan.Deletes));
    }

    [Fact]
    public void Without_endpoints_one_empty_placeholder_slice_remains()
    {
        var created = SlicePlan.Compute([Slice("web-a", [Endpoint(0).Endpoint])], [], 100);
        var (ports, endpoints) = Assert.Single(created.Creates);
        Assert.Empty(ports);
        Assert.Empty(endpoints);
        Assert.Single(created.Deletes);

        var placeholder = Slice("web-p", [], []);
        var kept = SlicePlan.Compute([placeholder], [], 100);
        Assert.Same(placeholder, Assert.Single(kept.Unchanged));
        Assert.Empty(kept.Creates);
        Assert.Empty(kept.Deletes);

        // Once there are endpoints, the placeholder goes.
        var replaced = SlicePlan.Compute([placeholder], [Endpoint(0)], 100);
        Assert.Same(placeholder, Assert.Single(replaced.Deletes));
        Assert.Single(replaced.Creates);
    }

    private static SliceEndpoint Endpoint(int i, bool ready = true) => new(
        $"uid-{i}",
        new JsonObject
        {
            ["addresses"] = new JsonArray($"100.64.0.{i % 250}"),
            ["conditions"] = new JsonObject { ["ready"] = ready, ["serving"] = ready, ["terminating"] = false },
            ["targetRef"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = "default", ["name"] = $"p{i}", ["uid"] = $"uid-{i}" },
        },
        HttpPorts,
        SliceEndpoint.KeyOfPorts(HttpPorts));

    private static JsonObject Slice(string name, JsonObject[] endpoints, JsonArray? ports = null) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["addressType"] = "IPv4",
        ["endpoints"] = new JsonArray([.. endpoints.Select(e => e.DeepClone())]),
        ["ports"] = (ports ?? HttpPorts).DeepClone(),
    };
}
