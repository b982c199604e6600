using System.Text.Json.Serialization;

namespace Orchestrator.Persistence.Tests.Serialization;

public sealed record PodCreated(string Name, int Replicas, IReadOnlyList<string> Labels);

public sealed record PodDeleted(string Name);

/// <summary>Not registered anywhere: serializing it must fail.</summary>
public sealed record NeverRegistered(int Value);

[JsonSerializable(typeof(PodCreated))]
[JsonSerializable(typeof(PodDeleted))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
