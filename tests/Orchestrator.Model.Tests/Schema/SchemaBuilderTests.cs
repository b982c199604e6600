using Orchestrator.Model.Schema;
using Xunit;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;

namespace Orchestrator.Model.Tests.Schema;

public class SchemaBuilderTests
{
    [Fact]
    public void Builds_linked_messages_in_any_order()
    {
        var s = new SchemaBuilder();
        s.Object("example.v1.Widget", "example.com/v1", "A widget.")
            .Field(1, "spec", Ref("example.v1.WidgetSpec"), Always, "The spec.");
        s.Message("example.v1.WidgetSpec", "A widget's spec.")
            .Field(1, "size", Int, WhenSet, "The size.");

        var set = s.Build();

        var widget = set.Find("example.com/v1", "Widget")!;
        Assert.Same(set.Message("example.v1.WidgetSpec"), widget.FieldByJsonName("spec")!.Message);
        Assert.Equal(["example.com/v1"], widget.ApiVersions);
        Assert.Single(set.Kinds);
    }

    [Fact]
    public void A_kind_can_be_served_in_more_api_versions()
    {
        var s = new SchemaBuilder();
        s.Object("example.v1.Options", "meta.example.com/v1", "Options.").AlsoIn("a/v1", "b/v1");

        var set = s.Build();

        Assert.Same(set.Find("a/v1", "Options"), set.Find("b/v1", "Options"));
        Assert.NotNull(set.Find("meta.example.com/v1", "Options"));
    }

    [Fact]
    public void A_reference_to_an_undefined_message_fails_the_build()
    {
        var s = new SchemaBuilder();
        s.Message("example.v1.A", "A.").Field(1, "b", Ref("example.v1.B"), Always, "B.");

        var error = Assert.Throws<InvalidOperationException>(s.Build);

        Assert.Contains("undefined message example.v1.B", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_numbers_names_and_messages_are_rejected()
    {
        var s = new SchemaBuilder();
        var a = s.Message("example.v1.A", "A.").Field(1, "x", Str, OmitEmpty, "X.");
        s.Message("example.v1.A", "A again.");

        Assert.Throws<ArgumentException>(() => a.Field(1, "y", Str, OmitEmpty, "Y."));
        Assert.Throws<ArgumentException>(() => a.Field(2, "x", Str, OmitEmpty, "X again."));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Field(0, "z", Str, OmitEmpty, "Z."));
        Assert.Throws<InvalidOperationException>(s.Build);
    }

    [Fact]
    public void Lists_and_maps_cannot_be_pointers_nor_hold_lists()
    {
        var a = new SchemaBuilder().Message("example.v1.A", "A.");

        Assert.Throws<ArgumentException>(() => a.Field(1, "x", ListOf(Str), WhenSet, "X."));
        Assert.Throws<ArgumentException>(() => ListOf(MapOf(Str)));
        Assert.Throws<InvalidOperationException>(() => a.AlsoIn("v1"));
    }
}
