using Orchestrator.Hocon;
using Xunit;

namespace Orchestrator.Hocon.Tests;

public class MergeTests
{
    [Fact]
    public void Duplicate_objects_merge_recursively()
    {
        var config = Config.ParseString("""
            foo { a = 42, nested { x = 1 } }
            foo { b = 43, nested { y = 2 } }
            """);

        Assert.Equal(42, config.GetInt("foo.a"));
        Assert.Equal(43, config.GetInt("foo.b"));
        Assert.Equal(1, config.GetInt("foo.nested.x"));
        Assert.Equal(2, config.GetInt("foo.nested.y"));
    }

    [Fact]
    public void Later_scalar_wins()
    {
        var config = Config.ParseString("a = 1\na = 2\nb { c = 1 }\nb.c = 3");

        Assert.Equal(2, config.GetInt("a"));
        Assert.Equal(3, config.GetInt("b.c"));
    }

    [Fact]
    public void A_non_object_between_two_objects_prevents_their_merge()
    {
        var config = Config.ParseString("foo { a = 42 }\nfoo = null\nfoo { b = 43 }");

        Assert.False(config.HasPath("foo.a"));
        Assert.Equal(43, config.GetInt("foo.b"));
    }

    [Fact]
    public void An_object_replaces_an_earlier_scalar_and_a_scalar_an_earlier_object()
    {
        var config = Config.ParseString("a = 1\na { x = 1 }\nb { x = 1 }\nb = 2");

        Assert.Equal(1, config.GetInt("a.x"));
        Assert.Equal(2, config.GetInt("b"));
    }

    [Fact]
    public void WithFallback_prefers_this_config_and_merges_objects()
    {
        var app = Config.ParseString("a { x = 1 }\nb = app");
        var reference = Config.ParseString("a { x = 0, y = 2 }\nb = ref\nc = 3");

        var merged = app.WithFallback(reference);

        Assert.Equal(1, merged.GetInt("a.x"));
        Assert.Equal(2, merged.GetInt("a.y"));
        Assert.Equal("app", merged.GetString("b"));
        Assert.Equal(3, merged.GetInt("c"));
    }

    [Fact]
    public void WithFallback_follows_the_spec_about_non_adjacent_objects()
    {
        var first = Config.ParseString("a { x = 1 }");
        var second = Config.ParseString("a = 42");
        var third = Config.ParseString("a { y = 2 }");

        Assert.False(first.WithFallback(second).WithFallback(third).HasPath("a.y"));
        var reordered = first.WithFallback(third).WithFallback(second);
        Assert.Equal(1, reordered.GetInt("a.x"));
        Assert.Equal(2, reordered.GetInt("a.y"));
    }

    [Fact]
    public void Object_that_replaced_a_scalar_in_a_document_does_not_merge_with_a_fallback()
    {
        var app = Config.ParseString("a = 42\na { x = 1 }\nb { x = 1 }");
        var reference = Config.ParseString("a { y = 2 }\nb { y = 2 }");

        Assert.False(app.WithFallback(reference).HasPath("a.y"));
        Assert.Equal(2, app.WithFallback(reference).GetInt("b.y"));
        var parsedWithFallback = Config.ParseString("a = 42\na { x = 1 }", new HoconParseOptions { Fallback = reference });
        Assert.False(parsedWithFallback.HasPath("a.y"));
        Assert.Equal(1, parsedWithFallback.GetInt("a.x"));
    }

    [Fact]
    public void Null_in_the_preferred_config_clears_a_fallback_object()
    {
        var merged = Config.ParseString("a = null").WithFallback(Config.ParseString("a { x = 1 }"));

        Assert.False(merged.HasPath("a"));
        Assert.True(merged.TryGetValue("a", out var value));
        Assert.True(value.IsNull);
    }

    [Fact]
    public void Parse_fallback_lets_the_document_refer_to_fallback_settings()
    {
        var reference = Config.ParseString("defaults { port = 80, hosts = [a] }");

        var config = Config.ParseString(
            "service { port = ${defaults.port}, hosts = ${defaults.hosts} [b] }\ndefaults.hosts += c",
            new HoconParseOptions { Fallback = reference });

        Assert.Equal(80, config.GetInt("service.port"));
        Assert.Equal(["a", "c", "b"], config.GetStringList("service.hosts"));
        Assert.Equal(80, config.GetInt("defaults.port"));
    }
}
