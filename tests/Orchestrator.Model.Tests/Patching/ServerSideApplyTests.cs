using System.Text.Json.Nodes;
using Orchestrator.Model.Patching;
using Xunit;

namespace Orchestrator.Model.Tests.Patching;

public sealed class ServerSideApplyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Apply(JsonObject? live, string config, string manager = "alice", bool force = false, string kind = "ConfigMap") =>
        ServerSideApply.Apply(live, Obj(config), kind, manager, force, Now);

    private static JsonArray Managed(JsonObject obj) => obj["metadata"]!["managedFields"]!.AsArray();

    [Fact]
    public void Applying_to_nothing_yields_the_configuration_and_records_its_fields()
    {
        var result = Apply(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"app":"web"}},"data":{"a":"1"},"status":{"x":1}}""");
        Assert.Equal("1", result["data"]!["a"]!.GetValue<string>());
        Assert.Null(result["status"]);
        var entry = Assert.Single(Managed(result))!.AsObject();
        Assert.Equal("alice", entry["manager"]!.GetValue<string>());
        Assert.Equal("Apply", entry["operation"]!.GetValue<string>());
        Assert.Equal("v1", entry["apiVersion"]!.GetValue<string>());
        Assert.Equal("2026-11-22T10:00:00Z", entry["time"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(
            Obj("""{"f:data":{"f:a":{}},"f:metadata":{"f:labels":{"f:app":{}}}}"""),
            entry["fieldsV1"]));
    }

    [Fact]
    public void A_field_dropped_from_the_configuration_is_removed_and_fields_nobody_applied_stay()
    {
        var live = Apply(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1","b":"2"}}""");
        live["data"]!["byHand"] = "kept"; // written by an ordinary update: nobody owns it
        var result = Apply(live, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""");
        Assert.True(JsonNode.DeepEquals(Obj("""{"a":"1","byHand":"kept"}"""), result["data"]));
    }

    [Fact]
    public void Changing_a_field_another_manager_applied_is_a_conflict_unless_forced()
    {
        var live = Apply(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""", "alice");
        var conflict = Assert.Throws<ApplyConflictException>(() =>
            Apply(live, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"2"}}""", "bob"));
        Assert.Equal([new ApplyConflict("alice", "v1", ".data.a")], conflict.Conflicts);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"alice\" using v1: .data.a", conflict.Message);

        var forced = Apply(live, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"2"}}""", "bob", force: true);
        Assert.Equal("2", forced["data"]!["a"]!.GetValue<string>());
        var managers = Managed(forced).Select(e => e!["manager"]!.GetValue<string>()).ToList();
        Assert.Equal(["bob"], managers); // alice owned nothing else, so her entry went
    }

    [Fact]
    public void The_same_value_is_shared_and_stays_while_one_owner_still_applies_it()
    {
        var live = Apply(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1","b":"x"}}""", "alice");
        live = Apply(live, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""", "bob");
        Assert.Equal(2, Managed(live).Count);
        var result = Apply(live, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"b":"x"}}""", "alice");
        Assert.Equal("1", result["data"]!["a"]!.GetValue<string>()); // bob still applies it
    }

    [Fact]
    public void Containers_merge_by_name_and_a_dropped_env_var_goes_while_another_container_stays()
    {
        const string first = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[
              {"name":"app","image":"nginx:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}
            """;
        var live = Apply(null, first, kind: "Pod");
        live["spec"]!["containers"]!.AsArray().Add(Obj("""{"name":"sidecar","image":"busybox"}"""));
        var result = Apply(live, """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[
              {"name":"app","image":"nginx:2","env":[{"name":"A","value":"1"}]}]}}
            """, kind: "Pod");
        var containers = result["spec"]!["containers"]!.AsArray();
        Assert.Equal(["app", "sidecar"], containers.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("nginx:2", containers[0]!["image"]!.GetValue<string>());
        Assert.Equal(["A"], containers[0]!["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
        var fields = Managed(result)[0]!["fieldsV1"]!;
        Assert.NotNull(fields["f:spec"]!["f:containers"]!["k:{\"name\":\"app\"}"]!["."]);
    }

    [Fact]
    public void An_apply_that_changes_nothing_leaves_the_object_as_it_was()
    {
        const string config = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""";
        var live = Apply(null, config);
        var again = ServerSideApply.Apply(live, Obj(config), "ConfigMap", "alice", force: false, Now.AddHours(1));
        Assert.True(JsonNode.DeepEquals(live, again));
    }

    [Fact]
    public void A_field_set_survives_its_fieldsV1_form()
    {
        var config = Obj("""{"metadata":{"finalizers":["a","b"]},"spec":{"containers":[{"name":"x","ports":[{"containerPort":80}]}]}}""");
        var set = FieldSet.FromObject(config, StrategicMergeSchema.RulesFor("Pod"), _ => false);
        var back = FieldSet.FromFieldsV1(set.ToFieldsV1());
        Assert.True(set.SetEquals(back));
        Assert.Contains(back.Paths, p => p.SequenceEqual(["f:metadata", "f:finalizers", "v:\"b\""]));
        Assert.Contains(back.Paths, p => p.SequenceEqual(["f:spec", "f:containers", "k:{\"name\":\"x\"}", "f:ports", "k:{\"containerPort\":80}", "f:containerPort"]));
    }
}
