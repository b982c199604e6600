using System.Text.Json.Nodes;
using Akka.Actor;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;
using Orchestrator.Client.Events;

namespace Orchestrator.Controllers.Tests.Machinery;

/// <summary>
/// Events recorded through a real gateway, as <c>kubectl get events</c> and <c>kubectl describe</c> read them:
/// a repeat within the aggregation window increments one Event's count and lastTimestamp; anything else is a
/// new Event named after its object.
/// </summary>
public sealed class EventRecorderTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private TestGateway _gateway = null!;
    private IActorRef _broadcaster = ActorRefs.Nobody;
    private EventRecorder _recorder = null!;

    public EventRecorderTests(ITestOutputHelper output)
        : base(GatewaySystem.Config(), "event-recorder", output)
    {
    }

    private KubeClient Client => _gateway.Client;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync(Sys);
        _broadcaster = Sys.ActorOf(EventBroadcaster.Props(_gateway.Client, new EventSettings()), "events");
        _recorder = new EventRecorder(_broadcaster, new EventSource("test-controller"), _clock);
    }

    public async Task DisposeAsync()
    {
        await _broadcaster.GracefulStop(Timeout);
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task A_repeated_event_is_one_Event_whose_count_and_lastTimestamp_grow()
    {
        var configMap = await Client.CreateAsync(ResourceRef.ConfigMaps, Json("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"default"}}"""));
        _recorder.Event(configMap, EventType.Normal, "Synced", "synced the settings");
        _clock.Advance(TimeSpan.FromSeconds(2));
        _recorder.Event(configMap, EventType.Normal, "Synced", "synced the settings");
        _clock.Advance(TimeSpan.FromSeconds(3));
        _recorder.Event(configMap, EventType.Normal, "Synced", "synced the settings");
        _recorder.Event(configMap, EventType.Warning, "SyncFailed", "could not sync the settings");

        var events = await EventsAboutAsync("default", "settings", 2, e => KubeObject.GetInt64(e, "count") == 3);
        var synced = events.Single(e => KubeObject.GetString(e, "reason") == "Synced");
        Assert.Matches("^settings\\.[0-9a-f]+$", KubeObject.Name(synced));
        Assert.Equal("default", KubeObject.Namespace(synced));
        Assert.Equal("Normal", KubeObject.GetString(synced, "type"));
        Assert.Equal("synced the settings", KubeObject.GetString(synced, "message"));
        Assert.Equal("2025-03-01T12:00:00Z", KubeObject.GetString(synced, "firstTimestamp"));
        Assert.Equal("2025-03-01T12:00:05Z", KubeObject.GetString(synced, "lastTimestamp"));
        Assert.Equal("test-controller", KubeObject.GetString(synced, "source", "component"));
        Assert.Equal("test-controller", KubeObject.GetString(synced, "reportingComponent"));
        Assert.Equal(
            ("ConfigMap", "v1", "default", "settings", KubeObject.Uid(configMap)),
            (KubeObject.GetString(synced, "involvedObject", "kind"), KubeObject.GetString(synced, "involvedObject", "apiVersion"),
             KubeObject.GetString(synced, "involvedObject", "namespace"), KubeObject.GetString(synced, "involvedObject", "name"),
             KubeObject.GetString(synced, "involvedObject", "uid")));

        var failed = events.Single(e => KubeObject.GetString(e, "reason") == "SyncFailed");
        Assert.Equal(("Warning", 1L), (KubeObject.GetString(failed, "type"), KubeObject.GetInt64(failed, "count")));
        Assert.NotEqual(KubeObject.Name(synced), KubeObject.Name(failed));
    }

    [Fact]
    public async Task A_repeat_after_the_aggregation_window_is_a_new_Event()
    {
        var configMap = await Client.CreateAsync(ResourceRef.ConfigMaps, Json("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"default"}}"""));
        _recorder.Event(configMap, EventType.Normal, "Synced", "synced");
        _clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        _recorder.Event(configMap, EventType.Normal, "Synced", "synced");

        var events = await EventsAboutAsync("default", "settings", 2, _ => true);
        Assert.All(events, e => Assert.Equal(1, KubeObject.GetInt64(e, "count")));
    }

    [Fact]
    public async Task An_Event_about_a_cluster_scoped_object_goes_to_default_and_a_deleted_Event_is_recorded_anew()
    {
        var ns = await Client.CreateAsync(ResourceRef.Namespaces, Json("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"}}"""));
        _recorder.Event(ns, EventType.Normal, "Noticed", "saw it");
        var first = (await EventsAboutAsync("default", "team-a", 1, _ => true)).Single();
        Assert.Null(KubeObject.GetString(first, "involvedObject", "namespace"));
        Assert.Equal("Namespace", KubeObject.GetString(first, "involvedObject", "kind"));

        // Someone deletes the Event (the API expires them too): the next repeat creates it again.
        await Client.DeleteAsync(ResourceRef.Events, "default", KubeObject.Name(first)!);
        _recorder.Event(ns, EventType.Normal, "Noticed", "saw it");
        var again = (await EventsAboutAsync("default", "team-a", 1, _ => true)).Single();
        Assert.NotEqual(KubeObject.Name(first), KubeObject.Name(again));
        Assert.Equal(1, KubeObject.GetInt64(again, "count"));
    }

    [Fact]
    public async Task A_burst_past_the_queue_limit_loses_Events_instead_of_queueing_them_and_the_queue_drains()
    {
        var small = Sys.ActorOf(EventBroadcaster.Props(_gateway.Client, new EventSettings { MaxQueued = 5 }), "small-queue-events");
        var recorder = new EventRecorder(small, new EventSource("test-controller"), _clock);
        var configMap = await Client.CreateAsync(ResourceRef.ConfigMaps, Json("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"busy","namespace":"default"}}"""));

        // Distinct messages: each would be its own Event. They arrive faster than one is written.
        for (var i = 0; i < 200; i++)
        {
            recorder.Event(configMap, EventType.Normal, "Burst", $"event {i}");
        }

        // Those taken while more than 5 waited are dropped; the last ones are written.
        var events = await EventsAboutAsync("default", "busy", e => KubeObject.GetString(e, "message") == "event 199");
        Assert.InRange(events.Count, 1, 20);

        // Later Events are written as before.
        recorder.Event(configMap, EventType.Warning, "Later", "after the burst");
        await EventsAboutAsync("default", "busy", e => KubeObject.GetString(e, "reason") == "Later");
        await small.GracefulStop(Timeout);
    }

    /// <summary>The Events about an object, read as kubectl describe reads them, once there are this many and one satisfies the condition.</summary>
    private Task<IReadOnlyList<JsonObject>> EventsAboutAsync(string ns, string name, int count, Func<JsonObject, bool> condition) =>
        EventsAboutAsync(ns, name, events => events.Count == count && events.Any(condition));

    /// <summary>The Events about an object, once one satisfies the condition, however many there are.</summary>
    private Task<IReadOnlyList<JsonObject>> EventsAboutAsync(string ns, string name, Func<JsonObject, bool> condition) =>
        EventsAboutAsync(ns, name, events => events.Any(condition));

    private async Task<IReadOnlyList<JsonObject>> EventsAboutAsync(string ns, string name, Func<IReadOnlyList<JsonObject>, bool> done)
    {
        IReadOnlyList<JsonObject> events = [];
        await AwaitConditionAsync(
            async () =>
            {
                events = (await Client.ListAsync(ResourceRef.Events, ns, new ListOptions { FieldSelector = $"involvedObject.name={name}" })).Items;
                return done(events);
            },
            Timeout,
            TimeSpan.FromMilliseconds(20));
        return events;
    }

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();
}
