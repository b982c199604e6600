using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Orchestrator.Api.Tests.Gateway;

/// <summary>A paged list is one snapshot, as Kubernetes serves it from etcd: later pages are as of the first page's revision.</summary>
public sealed class GatewayPagedListTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private static string ConfigMap(string name, string value) => "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"v\":\"" + value + "\"}}";

    private static string[] Names(JsonObject list) => [.. list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>())];

    [Fact]
    public async Task Later_pages_show_the_objects_as_they_were_when_the_list_began()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        foreach (var name in (string[])["a", "b", "c", "d", "e"])
        {
            await fixture.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap(name, "old"));
        }

        var (_, first) = await fixture.SendAsync(HttpMethod.Get, ConfigMaps + "?limit=2");
        Assert.Equal(["a", "b"], Names(first));
        var revision = first["metadata"]!["resourceVersion"]!.GetValue<string>();

        // Meanwhile: one object on a later page changes, one goes, and a new one appears after them.
        await fixture.SendAsync(HttpMethod.Patch, ConfigMaps + "/c", """{"data":{"v":"new"}}""", "application/merge-patch+json");
        await fixture.SendAsync(HttpMethod.Delete, ConfigMaps + "/d");
        await fixture.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("f", "new"));

        var (_, second) = await fixture.SendAsync(HttpMethod.Get, ConfigMaps + "?limit=2&continue=" + Uri.EscapeDataString(first["metadata"]!["continue"]!.GetValue<string>()));
        Assert.Equal(["c", "d"], Names(second));
        Assert.Equal("old", second["items"]![0]!["data"]!["v"]!.GetValue<string>());
        Assert.Equal(revision, second["metadata"]!["resourceVersion"]!.GetValue<string>());
        var (_, third) = await fixture.SendAsync(HttpMethod.Get, ConfigMaps + "?limit=2&continue=" + Uri.EscapeDataString(second["metadata"]!["continue"]!.GetValue<string>()));
        Assert.Equal(["e"], Names(third));
        Assert.Null(third["metadata"]!["continue"]);

        // A new list sees the changes.
        var (_, now) = await fixture.SendAsync(HttpMethod.Get, ConfigMaps);
        Assert.Equal(["a", "b", "c", "e", "f"], Names(now));
    }

    [Fact]
    public async Task An_exact_resourceVersion_lists_the_objects_as_they_were_then()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        var (_, created) = await fixture.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("x", "1"));
        var then = created["metadata"]!["resourceVersion"]!.GetValue<string>();
        await fixture.SendAsync(HttpMethod.Patch, ConfigMaps + "/x", """{"data":{"v":"2"}}""", "application/merge-patch+json");
        await fixture.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("y", "1"));

        var (status, list) = await fixture.SendAsync(HttpMethod.Get, $"{ConfigMaps}?resourceVersion={then}&resourceVersionMatch=Exact");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["x"], Names(list));
        Assert.Equal("1", list["items"]![0]!["data"]!["v"]!.GetValue<string>());
        Assert.Equal(then, list["metadata"]!["resourceVersion"]!.GetValue<string>());

        var (forbidden, _) = await fixture.SendAsync(HttpMethod.Get, $"{ConfigMaps}?resourceVersion=0&resourceVersionMatch=Exact");
        Assert.Equal(HttpStatusCode.BadRequest, forbidden);
    }

    [Fact]
    public async Task A_continue_token_older_than_the_cache_history_is_410_Gone()
    {
        await using var fixture = await GatewayFixture.StartAsync(settings: new ApiSettings { WatchHistory = 3 });
        for (var i = 0; i < 4; i++)
        {
            await fixture.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("m" + i, "0"));
        }

        var (_, first) = await fixture.SendAsync(HttpMethod.Get, ConfigMaps + "?limit=1");
        for (var i = 0; i < 5; i++)
        {
            await fixture.SendAsync(HttpMethod.Patch, ConfigMaps + "/m3", "{\"data\":{\"v\":\"" + i + "\"}}", "application/merge-patch+json");
        }

        var (status, gone) = await fixture.SendAsync(HttpMethod.Get, ConfigMaps + "?limit=1&continue=" + Uri.EscapeDataString(first["metadata"]!["continue"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("Expired", gone["reason"]!.GetValue<string>());
    }
}
