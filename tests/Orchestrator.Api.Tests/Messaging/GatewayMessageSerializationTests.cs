using System.Collections;
using System.Reflection;
using Akka.Actor;
using Akka.Serialization;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Messaging;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Api.Tests.Messaging;

/// <summary>
/// The gateway's messages as they cross nodes: each is serialized by the restricted Hyperion serializer
/// reference.conf binds, arrives with the same content, and only the types reference.conf lists may be
/// created on arrival, so a new message cannot be forgotten and nothing else can be smuggled in.
/// </summary>
public sealed class GatewayMessageSerializationTests : Akka.TestKit.Xunit2.TestKit
{
    private const string Settings = "akka.actor.serialization-settings.gateway-messages";
    private static readonly ResourceRegistry Registry = BuiltInResources.Register(new ResourceRegistry());
    private static readonly ResourceKey Pod = ResourceKey.Of(Registry.FindByKind("", "Pod")!, "default", "web-0");
    private static readonly ResourceKey Namespace = ResourceKey.Of(Registry.FindByKind("", "Namespace")!, "", "team-a");
    private static readonly ResourceKey Deployment = ResourceKey.Of(Registry.FindByKind("apps", "Deployment")!, "default", "web");
    private static readonly byte[] Json = """{"metadata":{"name":"web-0"},"spec":{"nodeName":"n1"}}"""u8.ToArray();

    public GatewayMessageSerializationTests(ITestOutputHelper output)
        : base(ActorTestConfig.Local(), "gateway-messages", output)
    {
    }

    /// <summary>A sample of every message, with optional parts both set and unset.</summary>
    public static IReadOnlyList<IGatewayMessage> Samples { get; } =
    [
        new CreateResource(Pod, Json, DryRun: false),
        new CreateResource(Namespace, [], DryRun: true),
        new UpdateResource(Pod, Json, "status", DryRun: false),
        new UpdateResource(Namespace, Json, null, DryRun: true),
        new PatchResource(Pod, PatchKind.StrategicMerge, Json, "status", DryRun: true),
        new PatchResource(Pod, PatchKind.Apply, Json, null, DryRun: false, new ApplyOptions("kubectl", Force: true)),
        new ApplyOptions("controller", Force: false),
        new DeleteResource(Pod, DeleteOptions.None),
        new DeleteResource(Pod, new DeleteOptions(30, "3f9c1d2e-uid", "42", "Foreground", DryRun: true)),
        new DeleteOptions(0, null, "7", null, DryRun: false),
        new GetResource(Namespace),
        new BindPod(Pod, "node-1"),
        new ScaleResource(Deployment, null, null, null, DryRun: false),
        new ScaleResource(Deployment, """{"spec":{"replicas":3}}"""u8.ToArray(), null, null, DryRun: true),
        new ScaleResource(Deployment, null, PatchKind.Json, """[{"op":"replace","path":"/spec/replicas","value":2}]"""u8.ToArray(), DryRun: false),
        ResourceResult.Ok(Json),
        ResourceResult.Created(Json),
        ResourceResult.Done(),
        ResourceResult.Failed(StatusException.Conflict(Registry.FindByKind("", "Pod")!, "web-0", "the object has been modified")),
        ResourceResult.Failed(StatusException.TooLarge("the object is too large to store")),
        new ApiStatus(410, "Expired", "too old resource version: 1 (2)", null),
    ];

    private static IReadOnlyList<Type> GatewayMessageTypes { get; } =
        [.. typeof(IGatewayMessage).Assembly.GetTypes().Where(t => typeof(IGatewayMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })];

    private IReadOnlyList<string> AllowedTypes => [.. Sys.Settings.Config.GetStringList($"{Settings}.allowed-types")];

    [Fact]
    public void Every_gateway_message_and_every_type_of_the_gateway_inside_one_is_in_allowed_types()
    {
        Assert.NotEmpty(GatewayMessageTypes);
        var allowed = AllowedTypes.ToHashSet(StringComparer.Ordinal);
        var needed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in GatewayMessageTypes)
        {
            CollectGatewayTypes(type, needed);
        }

        Assert.Contains("Orchestrator.Api.Entities.ResourceKey, Orchestrator.Api", needed);
        Assert.Contains("Orchestrator.Api.Entities.PatchKind, Orchestrator.Api", needed);
        var missing = needed.Where(name => !allowed.Contains(name)).ToList();
        Assert.True(missing.Count == 0, "not in allowed-types: " + string.Join("; ", missing));
    }

    [Fact]
    public void Every_allowed_type_names_a_type_this_process_loads_so_a_typo_cannot_shrink_the_list_silently()
    {
        var unresolved = AllowedTypes.Where(name => Type.GetType(name, throwOnError: false) is null).ToList();
        Assert.Empty(unresolved);
        var serializer = Assert.IsType<RestrictedHyperionSerializer>(Sys.Serialization.FindSerializerFor(Samples[0]));
        Assert.Equal(AllowedTypes.Order(StringComparer.Ordinal), serializer.AllowedTypes.Select(Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_samples_cover_every_gateway_message_type()
    {
        var sampled = Samples.Select(s => s.GetType()).ToHashSet();
        Assert.Empty(GatewayMessageTypes.Where(t => !sampled.Contains(t)).Select(t => t.Name));
    }

    [Fact]
    public void Every_message_round_trips_through_the_configured_serializer_with_the_same_content()
    {
        foreach (var message in Samples)
        {
            var serializer = Sys.Serialization.FindSerializerFor(message);
            Assert.IsType<RestrictedHyperionSerializer>(serializer);
            var bytes = serializer.ToBinary(message);
            var back = serializer.FromBinary(bytes, message.GetType());
            AssertSameContent(message, back, message.GetType().Name);

            // As Akka's remoting and serialize-messages do it: by serializer id, with the manifest it asks for.
            var viaSystem = Sys.Serialization.Deserialize(bytes, serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, message));
            AssertSameContent(message, viaSystem, message.GetType().Name);
        }
    }

    [Fact]
    public void The_result_of_a_refusal_keeps_its_status_and_details()
    {
        var conflict = StatusException.Conflict(Registry.FindByKind("", "Pod")!, "web-0", "the object has been modified");
        var serializer = Sys.Serialization.FindSerializerFor(ResourceResult.Failed(conflict));
        var back = serializer.FromBinary<ResourceResult>(serializer.ToBinary(ResourceResult.Failed(conflict)));
        var error = back.Error!;
        Assert.Equal((409, "Conflict", conflict.Message), (error.Code, error.Reason, error.Message));
        Assert.Equal(conflict.ToStatus().ToJsonString(), error.ToStatus().ToJsonString());
    }

    [Fact]
    public void What_plain_Hyperion_writes_for_an_allowed_type_the_restricted_serializer_reads()
    {
        var message = new PatchResource(Pod, PatchKind.Merge, Json, null, DryRun: false);
        var bytes = PlainHyperion().ToBinary(message);
        var back = Sys.Serialization.FindSerializerFor(message).FromBinary<PatchResource>(bytes);
        AssertSameContent(message, back, nameof(PatchResource));
    }

    [Fact]
    public void A_gateway_looking_message_that_is_not_listed_is_refused_on_arrival()
    {
        // Bound to the gateway's serializer like any command, but nobody listed it.
        var unlisted = new UnlistedCommand(Pod, "rm -rf /");
        var serializer = Sys.Serialization.FindSerializerFor(unlisted);
        Assert.IsType<RestrictedHyperionSerializer>(serializer);
        var bytes = PlainHyperion().ToBinary(unlisted);

        // Plain Hyperion would create it; the gateway's serializer does not.
        Assert.Equal(unlisted, PlainHyperion().FromBinary<UnlistedCommand>(bytes));
        var refused = Assert.ThrowsAny<Exception>(() => serializer.FromBinary<UnlistedCommand>(bytes));
        Assert.Contains("UserEvilDeserializationException", Describe(refused), StringComparison.Ordinal);
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Sys.Serialization.Deserialize(bytes, serializer.Identifier, typeof(UnlistedCommand)));
    }

    [Fact]
    public void A_framework_type_outside_the_list_is_refused_too()
    {
        var payload = new Dictionary<string, string>(StringComparer.Ordinal) { ["a"] = "b" };
        var bytes = PlainHyperion().ToBinary(payload);
        var serializer = Sys.Serialization.FindSerializerFor(Samples[0]);
        var refused = Assert.ThrowsAny<Exception>(() => serializer.FromBinary<object>(bytes));
        Assert.Contains("UserEvilDeserializationException", Describe(refused), StringComparison.Ordinal);
    }

    /// <summary>Hyperion with the gateway's settings and no type filter: what any other sender could write.</summary>
    private HyperionSerializer PlainHyperion()
    {
        var settings = HyperionSerializerSettings.Create(
            Akka.Configuration.ConfigurationFactory.ParseString("allowed-types = []").WithFallback(Sys.Settings.Config.GetConfig(Settings)));
        return new HyperionSerializer((ExtendedActorSystem)Sys, settings);
    }

    private static string Describe(Exception e) => e.InnerException is null ? $"{e.GetType().Name}: {e.Message}" : $"{e.GetType().Name}: {e.Message} <- {Describe(e.InnerException)}";

    private static string Name(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    /// <summary>The type and every type of the gateway's assembly its instances hold, through fields of any visibility.</summary>
    private static void CollectGatewayTypes(Type type, ISet<string> into)
    {
        type = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        if (type.Assembly != typeof(IGatewayMessage).Assembly || !into.Add(Name(type)) || type.IsEnum)
        {
            return;
        }

        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                CollectGatewayTypes(field.FieldType, into);
            }
        }
    }

    /// <summary>Same type, and every public property equal: byte arrays by content, gateway records recursively.</summary>
    private static void AssertSameContent(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }

        Assert.True(expected.GetType() == actual.GetType(), $"{path}: expected a {expected.GetType()}, got a {actual.GetType()}");
        switch (expected)
        {
            case byte[] bytes:
                Assert.True(bytes.AsSpan().SequenceEqual((byte[])actual), $"{path}: the bytes differ");
                return;
            case StatusException status:
                Assert.Equal(status.ToStatus().ToJsonString(), ((StatusException)actual).ToStatus().ToJsonString());
                return;
            case string or Enum or ValueType:
                Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
                return;
            case IEnumerable:
                Assert.Fail($"{path}: compare {expected.GetType()} explicitly");
                return;
        }

        foreach (var property in expected.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.GetIndexParameters().Length == 0))
        {
            if (property.Name == "EqualityContract")
            {
                continue;
            }

            AssertSameContent(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
        }
    }
}

/// <summary>A command nobody put in allowed-types.</summary>
public sealed record UnlistedCommand(ResourceKey Key, string Script) : ResourceCommand(Key);
