using System.Text.Json.Nodes;
using Orchestrator.Client.Informers;
using Xunit;

namespace Orchestrator.Client.Tests.Informers;

public sealed class ThreadSafeStoreTests
{
    [Fact]
    public void Writes_are_seen_by_key_and_by_namespace_and_a_list_is_a_copy_later_writes_leave_alone()
    {
        var store = new ThreadSafeStore();
        Assert.Null(store.Upsert("a/one", Pod("a", "one", "1")));
        store.Upsert("a/two", Pod("a", "two", "2"));
        store.Upsert("b/three", Pod("b", "three", "3"));
        var listed = store.ValuesIn("a");

        var old = store.Upsert("a/one", Pod("a", "one", "4"));
        Assert.Equal("1", old!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.NotNull(store.Delete("a/two"));
        Assert.Null(store.Delete("a/two"));

        Assert.Equal(["1", "2"], listed.Select(Revision).Order(StringComparer.Ordinal));
        Assert.Equal(["4"], store.ValuesIn("a").Select(Revision));
        Assert.Equal(2, store.Count);
        Assert.Equal("4", Revision(store.Get("a/one")!));
        Assert.Equal(["a/one", "b/three"], store.Keys().Order(StringComparer.Ordinal));

        // The last object of a namespace gone, the namespace lists nothing.
        store.Delete("b/three");
        Assert.Empty(store.ValuesIn("b"));
    }

    [Fact]
    public void Replace_swaps_everything_at_once_and_hands_back_what_was_held()
    {
        var store = new ThreadSafeStore();
        store.Upsert("a/one", Pod("a", "one", "1"));
        var before = store.Replace(new Dictionary<string, JsonObject>(StringComparer.Ordinal) { ["c/four"] = Pod("c", "four", "5") });

        Assert.Equal(["a/one"], before.Keys);
        Assert.Null(store.Get("a/one"));
        Assert.Empty(store.ValuesIn("a"));
        Assert.Equal(["5"], store.ValuesIn("c").Select(Revision));
        Assert.Equal(["5"], store.Values().Select(Revision));
    }

    private static string Revision(JsonObject obj) => obj["metadata"]!["resourceVersion"]!.GetValue<string>();

    private static JsonObject Pod(string ns, string name, string revision) =>
        new() { ["metadata"] = new JsonObject { ["namespace"] = ns, ["name"] = name, ["resourceVersion"] = revision } };
}
