using System.Globalization;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Messaging;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Orchestrator.Persistence;
using Orchestrator.Persistence.Journal;
using Orchestrator.Persistence.Plugins;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Api.Tests.Entities;

/// <summary>
/// <see cref="ResourceEntity"/> on its own, over the in-memory journal plugin, hosted by a stand-in for
/// its shard: every command, the resourceVersion it answers checked against the journal, recovery, a
/// second owner's write, passivation and the deletion of old events.
/// </summary>
public sealed class ResourceEntityTests : Akka.TestKit.Xunit2.TestKit
{
    private const int MaxEventSize = 64 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly ResourceRegistry Registry = BuiltInResources.Register(new ResourceRegistry());
    private static readonly ResourceType ConfigMaps = Registry.FindByKind("", "ConfigMap")!;
    private static readonly ResourceType Pods = Registry.FindByKind("", "Pod")!;
    private static readonly ResourceType Deployments = Registry.FindByKind("apps", "Deployment")!;

    private readonly TestProbe _shard;
    // Entities that stay between commands, so a test can watch one; passivation when idle has tests of its own.
    private readonly EntitySettings _settings = new() { Time = new FixedTime(FixedTime.Instant), PassivateWhenIdle = false };

    public ResourceEntityTests(ITestOutputHelper output)
        : base(ActorTestConfig.Local($"{ActorTestConfig.Journal}.max-event-size = {MaxEventSize}"), "resource-entity", output)
    {
        _shard = CreateTestProbe("shard");
    }

    private IJournal Store => JournalStores.Get(Sys).GetOrOpen(ActorTestConfig.Journal);

    [Fact]
    public async Task Create_stores_the_object_and_answers_Created_at_its_journal_revision()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key);
        var created = Object(await SendAsync(entity, new CreateResource(key, ConfigMap("cm", """{"a":"1"}"""), DryRun: false)), ResourceOutcome.Created);

        Assert.Equal("1", created["data"]!["a"]!.GetValue<string>());
        var stored = Assert.Single(await EventsAsync(key));
        Assert.Equal((1L, Revision(created)), (stored.SequenceNr, stored.Revision));
        Assert.EndsWith(":" + ResourceEventSerializer.Created, stored.Manifest, StringComparison.Ordinal);

        // The payload is the object without its resourceVersion; the journal's revision is that.
        var payload = new ResourceCreated(stored.Payload).ParseObject();
        Assert.Null(KubeObject.ResourceVersion(payload));
        created["metadata"]!.AsObject().Remove("resourceVersion");
        Assert.True(JsonNode.DeepEquals(created, payload));
    }

    [Fact]
    public async Task Creating_an_object_that_exists_is_409_AlreadyExists_and_writes_nothing()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key);
        var first = await CreateAsync(entity, key, ConfigMap("cm", """{"a":"1"}"""));

        var status = Failed(await SendAsync(entity, new CreateResource(key, ConfigMap("cm", """{"a":"2"}"""), DryRun: false)), 409);
        Assert.Equal("AlreadyExists", status.Reason);
        Assert.Equal("configmaps \"cm\" already exists", status.Message);
        Assert.Equal(1, await Store.HighestSequenceNrAsync(key.PersistenceId));
        Assert.True(JsonNode.DeepEquals(first, await GetAsync(entity, key)));
    }

    [Fact]
    public async Task A_dry_run_create_answers_the_object_and_persists_nothing()
    {
        var key = Key(ConfigMaps, "dry");
        var entity = Entity(key);
        var answered = Object(await SendAsync(entity, new CreateResource(key, ConfigMap("dry", """{"a":"1"}"""), DryRun: true)), ResourceOutcome.Created);

        Assert.Equal("1", answered["data"]!["a"]!.GetValue<string>());
        Assert.Equal(0, await Store.HighestSequenceNrAsync(key.PersistenceId));
        Assert.Equal(0, await Store.HighestRevisionAsync());
        Failed(await SendAsync(entity, new GetResource(key)), 404);
    }

    [Fact]
    public async Task Get_answers_the_stored_object_or_404()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key);
        var missing = Failed(await SendAsync(entity, new GetResource(key)), 404);
        Assert.Equal("NotFound", missing.Reason);
        Assert.Equal("configmaps \"cm\" not found", missing.Message);

        var created = await CreateAsync(entity, key, ConfigMap("cm", """{"a":"1"}"""));
        var read = await GetAsync(entity, key);
        Assert.True(JsonNode.DeepEquals(created, read));
        Assert.Equal((await LastEventAsync(key)).Revision, Revision(read));
    }

    [Fact]
    public async Task An_update_is_stored_at_a_new_revision_and_a_stale_resourceVersion_is_409()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key);
        var created = await CreateAsync(entity, key, ConfigMap("cm", """{"a":"1"}"""));

        var change = created.DeepClone().AsObject();
        change["data"]!["a"] = "2";
        var updated = Object(await SendAsync(entity, new UpdateResource(key, JsonBytes.From(change), null, DryRun: false)));
        Assert.Equal("2", updated["data"]!["a"]!.GetValue<string>());
        Assert.True(Revision(updated) > Revision(created));
        Assert.Equal((2L, Revision(updated)), await LastSequenceAndRevisionAsync(key));
        Assert.Equal(KubeObject.Uid(created), KubeObject.Uid(updated));

        // The same change against the first version: someone else wrote in between.
        change["data"]!["a"] = "3";
        var conflict = Failed(await SendAsync(entity, new UpdateResource(key, JsonBytes.From(change), null, DryRun: false)), 409);
        Assert.Equal("Conflict", conflict.Reason);
        Assert.Contains("the object has been modified", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(2, await Store.HighestSequenceNrAsync(key.PersistenceId));
        Assert.True(JsonNode.DeepEquals(updated, await GetAsync(entity, key)));
    }

    [Fact]
    public async Task An_update_that_changes_nothing_writes_nothing_and_keeps_the_resourceVersion()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key);
        var created = await CreateAsync(entity, key, ConfigMap("cm", """{"a":"1"}"""));

        var same = Object(await SendAsync(entity, new UpdateResource(key, JsonBytes.From(created), null, DryRun: false)));
        Assert.Equal(Revision(created), Revision(same));
        Assert.True(JsonNode.DeepEquals(created, same));

        // Without a resourceVersion (an unconditional PUT) it is the same object too.
        created["metadata"]!.AsObject().Remove("resourceVersion");
        var unconditional = Object(await SendAsync(entity, new UpdateResource(key, JsonBytes.From(created), null, DryRun: false)));
        Assert.Equal(Revision(same), Revision(unconditional));
        Assert.Equal(1, await Store.HighestSequenceNrAsync(key.PersistenceId));
        Assert.Equal(Revision(same), await Store.HighestRevisionAsync());
    }

    [Fact]
    public async Task A_dry_run_update_answers_the_change_and_stores_nothing()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key);
        var created = await CreateAsync(entity, key, ConfigMap("cm", """{"a":"1"}"""));
        var change = created.DeepClone().AsObject();
        change["data"]!["a"] = "2";

        var answered = Object(await SendAsync(entity, new UpdateResource(key, JsonBytes.From(change), null, DryRun: true)));
        Assert.Equal("2", answered["data"]!["a"]!.GetValue<string>());
        Assert.Equal(1, await Store.HighestSequenceNrAsync(key.PersistenceId));
        Assert.True(JsonNode.DeepEquals(created, await GetAsync(entity, key)));
    }

    [Fact]
    public async Task Updating_or_patching_a_missing_object_is_404()
    {
        var key = Key(ConfigMaps, "ghost");
        var entity = Entity(key);
        Failed(await SendAsync(entity, new UpdateResource(key, ConfigMap("ghost", "{}"), null, DryRun: false)), 404);
        Failed(await SendAsync(entity, new PatchResource(key, PatchKind.Merge, """{"data":{"a":"1"}}"""u8.ToArray(), null, DryRun: false)), 404);
        Failed(await SendAsync(entity, new DeleteResource(key, DeleteOptions.None)), 404);
        Assert.Equal(0, await Store.HighestRevisionAsync());
    }

    [Fact]
    public async Task The_status_subresource_changes_only_the_status_and_the_main_resource_only_the_rest()
    {
        var key = Key(Pods, "p");
        var entity = Entity(key);
        var created = await CreateAsync(entity, key, Pod("p"));
        Assert.Equal("Pending", created["status"]!["phase"]!.GetValue<string>());

        var statusWrite = created.DeepClone().AsObject();
        statusWrite["status"]!["phase"] = "Running";
        statusWrite["spec"]!["activeDeadlineSeconds"] = 60; // ignored by /status
        var running = Object(await SendAsync(entity, new UpdateResource(key, JsonBytes.From(statusWrite), "status", DryRun: false)));
        Assert.Equal("Running", running["status"]!["phase"]!.GetValue<string>());
        Assert.Null(running["spec"]!["activeDeadlineSeconds"]);
        Assert.Equal((2L, Revision(running)), await LastSequenceAndRevisionAsync(key));

        var mainWrite = running.DeepClone().AsObject();
        mainWrite["status"]!["phase"] = "Failed"; // ignored by the main resource
        mainWrite["spec"]!["activeDeadlineSeconds"] = 60;
        var updated = Object(await SendAsync(entity, new UpdateResource(key, JsonBytes.From(mainWrite), null, DryRun: false)));
        Assert.Equal("Running", updated["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(60, updated["spec"]!["activeDeadlineSeconds"]!.GetValue<int>());
        Assert.Equal((3L, Revision(updated)), await LastSequenceAndRevisionAsync(key));
    }

    [Fact]
    public async Task Merge_and_json_patches_change_the_stored_object()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key);
        await CreateAsync(entity, key, ConfigMap("cm", """{"a":"1","b":"2"}"""));

        var merged = Object(await SendAsync(entity, new PatchResource(key, PatchKind.Merge, """{"data":{"a":null,"c":"3"}}"""u8.ToArray(), null, DryRun: false)));
        Assert.Equal("""{"b":"2","c":"3"}""", merged["data"]!.ToJsonString());
        Assert.Equal((2L, Revision(merged)), await LastSequenceAndRevisionAsync(key));

        var patched = Object(await SendAsync(entity, new PatchResource(
            key, PatchKind.Json, """[{"op":"replace","path":"/data/b","value":"20"},{"op":"add","path":"/metadata/labels","value":{"x":"y"}}]"""u8.ToArray(), null, DryRun: false)));
        Assert.Equal("""{"b":"20","c":"3"}""", patched["data"]!.ToJsonString());
        Assert.Equal("y", patched["metadata"]!["labels"]!["x"]!.GetValue<string>());
        Assert.Equal((3L, Revision(patched)), await LastSequenceAndRevisionAsync(key));

        // A failing test operation is a 422 and nothing is written.
        var failed = Failed(await SendAsync(entity, new PatchResource(key, PatchKind.Json, """[{"op":"test","path":"/data/b","value":"nope"}]"""u8.ToArray(), null, DryRun: false)), 422);
        Assert.Equal("Invalid", failed.Reason);
        Failed(await SendAsync(entity, new PatchResource(key, PatchKind.Json, """{"op":"add"}"""u8.ToArray(), null, DryRun: false)), 400);
        Assert.Equal(3, await Store.HighestSequenceNrAsync(key.PersistenceId));
    }

    [Fact]
    public async Task A_strategic_merge_patch_merges_containers_by_name_where_a_merge_patch_replaces_the_list()
    {
        var key = Key(Pods, "p");
        var entity = Entity(key);
        await CreateAsync(entity, key, Pod("p", """[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]"""));
        var patch = """{"spec":{"containers":[{"name":"b","image":"b:2"}]}}"""u8.ToArray();

        var patched = Object(await SendAsync(entity, new PatchResource(key, PatchKind.StrategicMerge, patch, null, DryRun: false)));
        var containers = patched["spec"]!["containers"]!.AsArray();
        Assert.Equal(["a:1", "b:2"], containers.Select(c => c!["image"]!.GetValue<string>()));
        Assert.Equal((2L, Revision(patched)), await LastSequenceAndRevisionAsync(key));

        // The same body as a merge patch replaces the whole list, which a pod update may not do.
        Failed(await SendAsync(entity, new PatchResource(key, PatchKind.Merge, patch, null, DryRun: false)), 422);
        Assert.Equal(2, await Store.HighestSequenceNrAsync(key.PersistenceId));
    }

    [Fact]
    public async Task Server_side_apply_records_its_manager_and_refuses_to_take_another_managers_field_unless_forced()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key);
        await CreateAsync(entity, key, ConfigMap("cm", """{"a":"1"}"""));

        var alice = Object(await SendAsync(entity, Apply(key, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"default"},"data":{"b":"2"}}""", "alice", force: false)));
        Assert.Equal("""{"a":"1","b":"2"}""", alice["data"]!.ToJsonString());
        var entry = Assert.Single(alice["metadata"]!["managedFields"]!.AsArray())!;
        Assert.Equal(("alice", "Apply"), (entry["manager"]!.GetValue<string>(), entry["operation"]!.GetValue<string>()));
        Assert.Contains("f:b", entry["fieldsV1"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal((2L, Revision(alice)), await LastSequenceAndRevisionAsync(key));

        var bobConfig = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"default"},"data":{"b":"3"}}""";
        var conflict = Failed(await SendAsync(entity, Apply(key, bobConfig, "bob", force: false)), 409);
        Assert.Equal("Conflict", conflict.Reason);
        var cause = JsonNode.Parse(conflict.Details!)!["causes"]!.AsArray().Single()!;
        Assert.Equal("FieldManagerConflict", cause["reason"]!.GetValue<string>());
        Assert.Equal(".data.b", cause["field"]!.GetValue<string>());
        Assert.Contains("alice", cause["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, await Store.HighestSequenceNrAsync(key.PersistenceId));

        var bob = Object(await SendAsync(entity, Apply(key, bobConfig, "bob", force: true)));
        Assert.Equal("3", bob["data"]!["b"]!.GetValue<string>());
        var managers = bob["metadata"]!["managedFields"]!.AsArray().ToDictionary(m => m!["manager"]!.GetValue<string>(), m => m!["fieldsV1"]?.ToJsonString() ?? "");
        Assert.Contains("f:b", managers["bob"], StringComparison.Ordinal);
        Assert.DoesNotContain("f:b", managers.GetValueOrDefault("alice", ""), StringComparison.Ordinal);
        Assert.Equal((3L, Revision(bob)), await LastSequenceAndRevisionAsync(key));
    }

    [Fact]
    public async Task Deleting_an_object_without_grace_or_finalizers_removes_it_at_once()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key);
        var created = await CreateAsync(entity, key, ConfigMap("cm", """{"a":"1"}"""));

        var deleted = Object(await SendAsync(entity, new DeleteResource(key, DeleteOptions.None)));
        Assert.Equal("1", deleted["data"]!["a"]!.GetValue<string>());
        Assert.True(Revision(deleted) > Revision(created));

        // The journal holds a deletion at the revision answered; the object's own stream is emptied.
        var last = (await Store.ReadAllAsync(1).CollectAsync()).Last(e => e.PersistenceId == key.PersistenceId);
        Assert.EndsWith(":" + ResourceEventSerializer.Deleted, last.Manifest, StringComparison.Ordinal);
        Assert.Equal((2L, Revision(deleted)), (last.SequenceNr, last.Revision));
        await AwaitAssertAsync(async () => Assert.Empty(await EventsAsync(key)), Timeout);
    }

    [Fact]
    public async Task A_dry_run_delete_answers_the_object_and_keeps_it()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key);
        var created = await CreateAsync(entity, key, ConfigMap("cm", """{"a":"1"}"""));
        var answered = Object(await SendAsync(entity, new DeleteResource(key, DeleteOptions.None with { DryRun = true })));
        Assert.True(JsonNode.DeepEquals(created, answered));
        Assert.True(JsonNode.DeepEquals(created, await GetAsync(entity, key)));
        Assert.Equal(1, await Store.HighestSequenceNrAsync(key.PersistenceId));
    }

    [Fact]
    public async Task A_bound_pod_is_deleted_gracefully_then_removed_by_a_delete_with_grace_zero()
    {
        var key = Key(Pods, "p");
        var entity = Entity(key);
        await CreateAsync(entity, key, Pod("p"));
        Done(await SendAsync(entity, new BindPod(key, "node-1")));

        var marked = Object(await SendAsync(entity, new DeleteResource(key, DeleteOptions.None)));
        Assert.Equal(ObjectWrites.Timestamp(FixedTime.Instant.AddSeconds(30)), KubeObject.DeletionTimestamp(marked));
        Assert.Equal(30, marked["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<int>());
        Assert.Equal((3L, Revision(marked)), await LastSequenceAndRevisionAsync(key));
        Assert.True(JsonNode.DeepEquals(marked, await GetAsync(entity, key)));

        // A shorter grace period moves the deadline closer; a longer one does not move it back.
        var shorter = Object(await SendAsync(entity, new DeleteResource(key, DeleteOptions.None with { GracePeriodSeconds = 5 })));
        Assert.Equal(ObjectWrites.Timestamp(FixedTime.Instant.AddSeconds(5)), KubeObject.DeletionTimestamp(shorter));
        var longer = Object(await SendAsync(entity, new DeleteResource(key, DeleteOptions.None with { GracePeriodSeconds = 60 })));
        Assert.Equal(Revision(shorter), Revision(longer));
        Assert.Equal(5, longer["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<int>());

        var gone = Object(await SendAsync(entity, new DeleteResource(key, DeleteOptions.None with { GracePeriodSeconds = 0 })));
        Assert.Equal((5L, Revision(gone)), (await Store.ReadAllAsync(1).CollectAsync()).Where(e => e.PersistenceId == key.PersistenceId).Select(e => (e.SequenceNr, e.Revision)).Last());
        Failed(await SendAsync(entity, new GetResource(key)), 404);
    }

    [Fact]
    public async Task Finalizers_keep_a_deleted_object_until_the_last_one_is_removed()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key);
        await CreateAsync(entity, key, ConfigMap("cm", """{"a":"1"}""", finalizers: """["example.com/a","example.com/b"]"""));

        var marked = Object(await SendAsync(entity, new DeleteResource(key, DeleteOptions.None)));
        Assert.Equal(ObjectWrites.Timestamp(FixedTime.Instant), KubeObject.DeletionTimestamp(marked));
        Assert.Equal(0, marked["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(marked, await GetAsync(entity, key)));

        var one = Object(await SendAsync(entity, new PatchResource(key, PatchKind.Json, """[{"op":"remove","path":"/metadata/finalizers/0"}]"""u8.ToArray(), null, DryRun: false)));
        Assert.Equal(["example.com/b"], KubeObject.Finalizers(one));
        Assert.True(JsonNode.DeepEquals(one, await GetAsync(entity, key)));

        var last = Object(await SendAsync(entity, new PatchResource(key, PatchKind.Merge, """{"metadata":{"finalizers":null}}"""u8.ToArray(), null, DryRun: false)));
        Assert.Empty(KubeObject.Finalizers(last));
        Failed(await SendAsync(entity, new GetResource(key)), 404);
        var stored = (await Store.ReadAllAsync(1).CollectAsync()).Last(e => e.PersistenceId == key.PersistenceId);
        Assert.EndsWith(":" + ResourceEventSerializer.Deleted, stored.Manifest, StringComparison.Ordinal);
        Assert.Equal(Revision(last), stored.Revision);
    }

    [Fact]
    public async Task Delete_preconditions_on_uid_and_resourceVersion_are_checked()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key);
        var created = await CreateAsync(entity, key, ConfigMap("cm", """{"a":"1"}"""));

        var wrongUid = Failed(await SendAsync(entity, new DeleteResource(key, DeleteOptions.None with { PreconditionUid = "not-the-uid" })), 409);
        Assert.Contains("Precondition failed: UID in precondition: not-the-uid", wrongUid.Message, StringComparison.Ordinal);
        var staleVersion = Failed(await SendAsync(entity, new DeleteResource(key, DeleteOptions.None with { PreconditionResourceVersion = "999999" })), 409);
        Assert.Contains("Precondition failed: ResourceVersion in precondition: 999999", staleVersion.Message, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(created, await GetAsync(entity, key)));

        var options = DeleteOptions.None with { PreconditionUid = KubeObject.Uid(created), PreconditionResourceVersion = KubeObject.ResourceVersion(created) };
        Object(await SendAsync(entity, new DeleteResource(key, options)));
        Failed(await SendAsync(entity, new GetResource(key)), 404);
    }

    [Fact]
    public async Task A_pod_is_bound_only_once()
    {
        var key = Key(Pods, "p");
        var entity = Entity(key);
        await CreateAsync(entity, key, Pod("p"));

        Done(await SendAsync(entity, new BindPod(key, "node-1")));
        var bound = await GetAsync(entity, key);
        Assert.Equal("node-1", bound["spec"]!["nodeName"]!.GetValue<string>());
        Assert.Equal((2L, Revision(bound)), await LastSequenceAndRevisionAsync(key));

        var again = Failed(await SendAsync(entity, new BindPod(key, "node-2")), 409);
        Assert.Contains("pod p is already assigned to node \"node-1\"", again.Message, StringComparison.Ordinal);
        Assert.Equal(2, await Store.HighestSequenceNrAsync(key.PersistenceId));
    }

    [Fact]
    public async Task A_pod_being_deleted_cannot_be_bound()
    {
        var key = Key(Pods, "p");
        var entity = Entity(key);
        await CreateAsync(entity, key, Pod("p", finalizers: """["example.com/hold"]"""));
        var marked = Object(await SendAsync(entity, new DeleteResource(key, DeleteOptions.None)));
        Assert.NotNull(KubeObject.DeletionTimestamp(marked));

        var refused = Failed(await SendAsync(entity, new BindPod(key, "node-1")), 409);
        Assert.Contains("pod is being deleted, cannot be assigned to a host", refused.Message, StringComparison.Ordinal);
        Assert.Null((await GetAsync(entity, key))["spec"]!["nodeName"]);
    }

    [Fact]
    public async Task The_scale_subresource_reads_replaces_and_patches_spec_replicas()
    {
        var key = Key(Deployments, "d");
        var entity = Entity(key);
        var created = await CreateAsync(entity, key, Deployment("d", replicas: 2));

        var scale = Object(await SendAsync(entity, new ScaleResource(key, null, null, null, DryRun: false)));
        Assert.Equal(("autoscaling/v1", "Scale"), (scale["apiVersion"]!.GetValue<string>(), scale["kind"]!.GetValue<string>()));
        Assert.Equal(2, scale["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("app=d", scale["status"]!["selector"]!.GetValue<string>());
        Assert.Equal(Revision(created), Revision(scale));

        var replacement = JsonBytes.From(new JsonObject
        {
            ["apiVersion"] = "autoscaling/v1",
            ["kind"] = "Scale",
            ["metadata"] = new JsonObject { ["name"] = "d", ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["replicas"] = 5 },
        });
        var replaced = Object(await SendAsync(entity, new ScaleResource(key, replacement, null, null, DryRun: false)));
        Assert.Equal(5, replaced["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal((2L, Revision(replaced)), await LastSequenceAndRevisionAsync(key));
        var deployment = await GetAsync(entity, key);
        Assert.Equal(5, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(2, deployment["metadata"]!["generation"]!.GetValue<int>());

        var merged = Object(await SendAsync(entity, new ScaleResource(key, null, PatchKind.Merge, """{"spec":{"replicas":7}}"""u8.ToArray(), DryRun: false)));
        Assert.Equal(7, merged["spec"]!["replicas"]!.GetValue<int>());
        var json = Object(await SendAsync(entity, new ScaleResource(key, null, PatchKind.Json, """[{"op":"replace","path":"/spec/replicas","value":3}]"""u8.ToArray(), DryRun: false)));
        Assert.Equal(3, json["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal((4L, Revision(json)), await LastSequenceAndRevisionAsync(key));
        Assert.Equal(3, (await GetAsync(entity, key))["spec"]!["replicas"]!.GetValue<int>());

        // The same count writes nothing; a stale resourceVersion is 409; a negative count is 422.
        var same = Object(await SendAsync(entity, new ScaleResource(key, null, PatchKind.Merge, """{"spec":{"replicas":3}}"""u8.ToArray(), DryRun: false)));
        Assert.Equal(Revision(json), Revision(same));
        var stale = """{"metadata":{"resourceVersion":"VERSION"},"spec":{"replicas":9}}""".Replace("VERSION", KubeObject.ResourceVersion(scale), StringComparison.Ordinal);
        Failed(await SendAsync(entity, new ScaleResource(key, null, PatchKind.Merge, System.Text.Encoding.UTF8.GetBytes(stale), DryRun: false)), 409);
        Failed(await SendAsync(entity, new ScaleResource(key, null, PatchKind.Merge, """{"spec":{"replicas":-1}}"""u8.ToArray(), DryRun: false)), 422);
        Assert.Equal(4, await Store.HighestSequenceNrAsync(key.PersistenceId));
    }

    [Fact]
    public async Task A_new_incarnation_recovers_the_same_object_at_the_same_resourceVersion()
    {
        var key = Key(ConfigMaps, "cm");
        var first = Entity(key);
        await CreateAsync(first, key, ConfigMap("cm", """{"a":"1"}"""));
        var patched = Object(await SendAsync(first, new PatchResource(key, PatchKind.Merge, """{"data":{"b":"2"}}"""u8.ToArray(), null, DryRun: false)));
        await StopAsync(first);

        var second = Entity(key);
        var recovered = await GetAsync(second, key);
        Assert.True(JsonNode.DeepEquals(patched, recovered), recovered.ToJsonString());
        Assert.Equal(Revision(patched), Revision(recovered));

        // And it carries on from where the first left off.
        var next = Object(await SendAsync(second, new PatchResource(key, PatchKind.Merge, """{"data":{"c":"3"}}"""u8.ToArray(), null, DryRun: false)));
        Assert.Equal((3L, Revision(next)), await LastSequenceAndRevisionAsync(key));
    }

    [Fact]
    public async Task After_a_delete_a_new_incarnation_finds_nothing_and_the_name_can_be_used_again()
    {
        var key = Key(ConfigMaps, "cm");
        var first = Entity(key);
        await CreateAsync(first, key, ConfigMap("cm", """{"a":"1"}"""));
        Object(await SendAsync(first, new DeleteResource(key, DeleteOptions.None)));
        await StopAsync(first);

        var second = Entity(key);
        Failed(await SendAsync(second, new GetResource(key)), 404);
        var recreated = await CreateAsync(second, key, ConfigMap("cm", """{"a":"new"}"""));
        Assert.Equal("new", recreated["data"]!["a"]!.GetValue<string>());
        Assert.Equal((3L, Revision(recreated)), await LastSequenceAndRevisionAsync(key));
    }

    [Fact]
    public async Task A_write_that_loses_to_a_second_owner_is_409_and_the_entity_restarts_on_the_winners_state()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key);
        var created = await CreateAsync(entity, key, ConfigMap("cm", """{"a":"1"}"""));
        var child = await ChildAsync(entity);
        Watch(child);

        // Another member briefly owning the object writes first, behind this entity's back.
        var winner = created.DeepClone().AsObject();
        winner["data"]!["a"] = "winner";
        var stored = new PayloadSerializer(Sys).Serialize(new ResourceUpdated(ResourceSnapshot.Of(ConfigMaps, winner))) with { Local = null };
        var winnerRevision = (await Store.WriteAsync(key.PersistenceId, 1, [stored]))[0];

        var conflict = Failed(await SendAsync(entity, new PatchResource(key, PatchKind.Merge, """{"data":{"a":"loser"}}"""u8.ToArray(), null, DryRun: false)), 409);
        Assert.Equal("Conflict", conflict.Reason);
        Assert.Equal(2, await Store.HighestSequenceNrAsync(key.PersistenceId));

        // Restarted (not stopped), it serves what the journal holds, and writes after it.
        var recovered = await GetAsync(entity, key);
        Assert.Equal("winner", recovered["data"]!["a"]!.GetValue<string>());
        Assert.Equal(winnerRevision, Revision(recovered));
        var next = Object(await SendAsync(entity, new PatchResource(key, PatchKind.Merge, """{"data":{"b":"2"}}"""u8.ToArray(), null, DryRun: false)));
        Assert.Equal("winner", next["data"]!["a"]!.GetValue<string>());
        Assert.Equal((3L, Revision(next)), await LastSequenceAndRevisionAsync(key));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task An_object_too_large_for_the_journal_is_413_and_the_stored_one_is_kept()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key);
        var created = await CreateAsync(entity, key, ConfigMap("cm", """{"a":"1"}"""));

        var huge = new JsonObject { ["data"] = new JsonObject { ["big"] = new string('x', MaxEventSize) } };
        var refused = Failed(await SendAsync(entity, new PatchResource(key, PatchKind.Merge, JsonBytes.From(huge), null, DryRun: false)), 413);
        Assert.Equal("RequestEntityTooLarge", refused.Reason);
        Assert.Equal(1, await Store.HighestSequenceNrAsync(key.PersistenceId));
        Assert.True(JsonNode.DeepEquals(created, await GetAsync(entity, key)));
    }

    [Fact]
    public async Task After_a_delete_the_entity_asks_its_shard_to_passivate_it_and_stops()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key);
        await CreateAsync(entity, key, ConfigMap("cm", """{"a":"1"}"""));
        var child = await ChildAsync(entity);
        Watch(child);

        Object(await SendAsync(entity, new DeleteResource(key, DeleteOptions.None)));
        var passivate = await _shard.ExpectMsgAsync<Passivate>(Timeout);
        Assert.IsType<StopEntity>(passivate.StopMessage);
        await ExpectTerminatedAsync(child, Timeout);

        // The next command starts a new incarnation, which finds nothing.
        Failed(await SendAsync(entity, new GetResource(key)), 404);
    }

    [Fact]
    public async Task With_passivation_when_idle_an_entity_stops_after_each_command_and_the_next_recovers_the_object()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key, _settings with { PassivateWhenIdle = true });
        var created = await CreateAsync(entity, key, ConfigMap("cm", """{"a":"1"}"""));
        Assert.IsType<StopEntity>((await _shard.ExpectMsgAsync<Passivate>(Timeout)).StopMessage);

        // A new incarnation serves the same object at the same resourceVersion, and writes on from there.
        var got = await GetAsync(entity, key);
        Assert.Equal(KubeObject.ResourceVersion(created), KubeObject.ResourceVersion(got));
        await _shard.ExpectMsgAsync<Passivate>(Timeout);
        var patched = await PatchNAsync(entity, key, 2);
        Assert.Equal("2", patched["data"]!["n"]!.GetValue<string>());
        Assert.True(long.Parse(KubeObject.ResourceVersion(patched)!, System.Globalization.CultureInfo.InvariantCulture)
            > long.Parse(KubeObject.ResourceVersion(created)!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_graceful_delete_does_not_passivate_the_entity()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key);
        await CreateAsync(entity, key, ConfigMap("cm", "{}", finalizers: """["example.com/hold"]"""));
        Object(await SendAsync(entity, new DeleteResource(key, DeleteOptions.None)));
        await GetAsync(entity, key);
        await _shard.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Older_events_are_deleted_every_DeleteEventsEvery_writes_and_recovery_still_finds_the_latest()
    {
        var key = Key(ConfigMaps, "cm");
        var entity = Entity(key, _settings with { DeleteEventsEvery = 3 });
        await CreateAsync(entity, key, ConfigMap("cm", """{"n":"0"}"""));
        JsonObject last = null!;
        for (var n = 1; n <= 2; n++)
        {
            last = await PatchNAsync(entity, key, n);
        }

        Assert.Equal([1L, 2L, 3L], (await EventsAsync(key)).Select(e => e.SequenceNr));

        // The fourth event makes three older ones: they go.
        last = await PatchNAsync(entity, key, 3);
        await AwaitAssertAsync(async () => Assert.Equal([4L], (await EventsAsync(key)).Select(e => e.SequenceNr)), Timeout);
        for (var n = 4; n <= 5; n++)
        {
            last = await PatchNAsync(entity, key, n);
        }

        Assert.Equal([4L, 5L, 6L], (await EventsAsync(key)).Select(e => e.SequenceNr));
        last = await PatchNAsync(entity, key, 6);
        await AwaitAssertAsync(async () => Assert.Equal([7L], (await EventsAsync(key)).Select(e => e.SequenceNr)), Timeout);
        Assert.Equal(Revision(last), (await EventsAsync(key)).Single().Revision);

        // The global stream still has every revision until the journal is compacted.
        Assert.Equal(7, (await Store.ReadAllAsync(1).CollectAsync()).Count(e => e.PersistenceId == key.PersistenceId));

        await StopAsync(entity);
        var recovered = await GetAsync(Entity(key), key);
        Assert.True(JsonNode.DeepEquals(last, recovered));
        Assert.Equal("6", recovered["data"]!["n"]!.GetValue<string>());
    }

    private async Task<JsonObject> PatchNAsync(IActorRef entity, ResourceKey key, int n) =>
        Object(await SendAsync(entity, new PatchResource(key, PatchKind.Merge, JsonBytes.From(new JsonObject { ["data"] = new JsonObject { ["n"] = n.ToString(CultureInfo.InvariantCulture) } }), null, DryRun: false)));

    private static PatchResource Apply(ResourceKey key, string config, string manager, bool force) =>
        new(key, PatchKind.Apply, System.Text.Encoding.UTF8.GetBytes(config), null, DryRun: false, new ApplyOptions(manager, force));

    private static ResourceKey Key(ResourceType type, string name) => ResourceKey.Of(type, type.Namespaced ? "default" : "", name);

    /// <summary>The entity for <paramref name="key"/>, behind a stand-in shard: the address commands go to.</summary>
    private IActorRef Entity(ResourceKey key, EntitySettings? settings = null)
    {
        var props = ResourceEntity.PropsFor(key.PersistenceId, Registry, settings ?? _settings);
        var probe = _shard.Ref;
        return Sys.ActorOf(Props.Create(() => new ShardStandIn(props, probe)));
    }

    private async Task<IActorRef> ChildAsync(IActorRef shard) =>
        await Sys.ActorSelection(shard.Path / ShardStandIn.ChildName).ResolveOne(Timeout);

    private async Task StopAsync(IActorRef shard)
    {
        var probe = CreateTestProbe();
        probe.Watch(shard);
        shard.Tell(PoisonPill.Instance);
        await probe.ExpectTerminatedAsync(shard, Timeout);
    }

    private async Task<ResourceResult> SendAsync(IActorRef entity, ResourceCommand command)
    {
        entity.Tell(command, TestActor);
        return await ExpectMsgAsync<ResourceResult>(Timeout);
    }

    private async Task<JsonObject> CreateAsync(IActorRef entity, ResourceKey key, byte[] obj)
    {
        var created = Object(await SendAsync(entity, new CreateResource(key, obj, DryRun: false)), ResourceOutcome.Created);
        Assert.Equal((await LastEventAsync(key)).Revision, Revision(created));
        return created;
    }

    private async Task<JsonObject> GetAsync(IActorRef entity, ResourceKey key) => Object(await SendAsync(entity, new GetResource(key)));

    private async Task<List<StoredEvent>> EventsAsync(ResourceKey key) => await Store.ReadAsync(key.PersistenceId, 1, long.MaxValue).CollectAsync();

    private async Task<StoredEvent> LastEventAsync(ResourceKey key) => (await EventsAsync(key)).Last();

    /// <summary>The sequence number and revision of the object's latest stored event.</summary>
    private async Task<(long, long)> LastSequenceAndRevisionAsync(ResourceKey key)
    {
        var last = await LastEventAsync(key);
        return (last.SequenceNr, last.Revision);
    }

    private static JsonObject Object(ResourceResult result, ResourceOutcome outcome = ResourceOutcome.Ok)
    {
        Assert.True(result.Outcome == outcome, $"expected {outcome}, got {result.Outcome}: {result.Status}");
        Assert.Null(result.Status);
        return JsonNode.Parse(result.Object!)!.AsObject();
    }

    /// <summary>A success with nothing to show, as a binding answers.</summary>
    private static void Done(ResourceResult result) => Assert.Equal((ResourceOutcome.Ok, null, null), (result.Outcome, result.Object, result.Status));

    private static ApiStatus Failed(ResourceResult result, int code)
    {
        Assert.True(result.Outcome == ResourceOutcome.Failed, $"expected a failure {code}, got {result.Outcome}");
        Assert.Null(result.Object);
        Assert.True(result.Status!.Code == code, $"expected {code}, got {result.Status}");
        return result.Status;
    }

    private static long Revision(JsonObject obj) => long.Parse(KubeObject.ResourceVersion(obj)!, CultureInfo.InvariantCulture);

    private static byte[] ConfigMap(string name, string data, string finalizers = "[]") => Prepared(ConfigMaps, $$$"""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","namespace":"default","finalizers":{{{finalizers}}}},"data":{{{data}}}}
        """);

    private static byte[] Pod(string name, string containers = """[{"name":"c","image":"busybox:local"}]""", string finalizers = "[]") => Prepared(Pods, $$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"default","finalizers":{{{finalizers}}}},"spec":{"containers":{{{containers}}}}}
        """);

    private static byte[] Deployment(string name, int replicas) => Prepared(Deployments, $$$"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"{{{name}}}","namespace":"default"},
         "spec":{"replicas":{{{replicas}}},"selector":{"matchLabels":{"app":"{{{name}}}"}},
                 "template":{"metadata":{"labels":{"app":"{{{name}}}"}},"spec":{"containers":[{"name":"c","image":"i"}]} } } }
        """);

    /// <summary>What the write path hands an entity: named, defaulted, validated.</summary>
    private static byte[] Prepared(ResourceType type, string json)
    {
        var obj = JsonNode.Parse(json)!.AsObject();
        if (KubeObject.Finalizers(obj).Count == 0)
        {
            KubeObject.Metadata(obj).Remove("finalizers");
        }

        ObjectWrites.PrepareCreate(type, obj, FixedTime.Instant);
        return JsonBytes.From(obj);
    }
}
