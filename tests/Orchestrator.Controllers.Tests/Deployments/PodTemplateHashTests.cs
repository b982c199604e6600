using System.Text.Json.Nodes;
using Orchestrator.Controllers.Deployments;
using Xunit;

namespace Orchestrator.Controllers.Tests.Deployments;

/// <summary>The pod-template-hash: FNV-1a rendered in SafeEncodeString's alphabet, stable, changed by the template and the collision count.</summary>
public sealed class PodTemplateHashTests
{
    private static JsonObject Template(string image) => JsonNode.Parse($$"""
        {"metadata":{"labels":{"app":"web"} },"spec":{"containers":[{"name":"app","image":"{{image}}"}]} }
        """)!.AsObject();

    [Fact]
    public void SafeEncode_maps_each_character_into_the_alphabet_without_vowels()
    {
        // '1' is 49, 49 mod 27 = 22: the alphabet's 23rd letter, and so on.
        Assert.Equal("567", PodTemplateHash.SafeEncode("123"));
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]+$", PodTemplateHash.Compute(Template("busybox:v1"), null));
    }

    [Fact]
    public void The_hash_depends_on_the_template_and_the_collision_count_but_not_on_field_order()
    {
        var v1 = PodTemplateHash.Compute(Template("busybox:v1"), null);
        Assert.Equal(v1, PodTemplateHash.Compute(Template("busybox:v1"), null));
        Assert.NotEqual(v1, PodTemplateHash.Compute(Template("busybox:v2"), null));
        Assert.NotEqual(v1, PodTemplateHash.Compute(Template("busybox:v1"), 1));
        Assert.NotEqual(PodTemplateHash.Compute(Template("busybox:v1"), 1), PodTemplateHash.Compute(Template("busybox:v1"), 2));

        var reordered = JsonNode.Parse("""{"spec":{"containers":[{"image":"busybox:v1","name":"app"}]},"metadata":{"labels":{"app":"web"}}}""")!.AsObject();
        Assert.Equal(v1, PodTemplateHash.Compute(reordered, null));
    }

    [Fact]
    public void Templates_equal_apart_from_the_hash_label_and_empty_fields_are_equal()
    {
        var withHash = Template("busybox:v1");
        withHash["metadata"]!["labels"]![PodTemplateHash.Label] = "abc";
        withHash["metadata"]!["creationTimestamp"] = null;
        withHash["spec"]!["containers"]![0]!["resources"] = new JsonObject();
        Assert.True(PodTemplateHash.EqualIgnoreHash(withHash, Template("busybox:v1")));
        Assert.False(PodTemplateHash.EqualIgnoreHash(withHash, Template("busybox:v2")));
    }
}
