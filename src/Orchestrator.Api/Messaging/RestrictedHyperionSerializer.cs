using Akka.Actor;
using Akka.Serialization;
using Hyperion;

namespace Orchestrator.Api.Messaging;

/// <summary>
/// Akka's Hyperion serializer, deserializing only the types in its <c>allowed-types</c> setting
/// (Hyperion is not safe on an open network). Ours because Hyperion 0.12.2's filter is unusable as
/// Akka configures it: it compares the full assembly-qualified name of every type it <i>serializes</i>
/// with the short names it was given, so with any allowed type at all every send fails. Here one
/// Hyperion serializer writes, unfiltered, and another with the filter reads: the same wire format,
/// and the filter where it protects, on what arrives. Allowed types whose assembly this process does
/// not load are skipped, since nothing of theirs can arrive here either.
/// </summary>
public sealed class RestrictedHyperionSerializer : Akka.Serialization.Serializer
{
    private readonly HyperionSerializer _writer;
    private readonly HyperionSerializer _reader;

    public RestrictedHyperionSerializer(ExtendedActorSystem system, Akka.Configuration.Config config)
        : base(system)
    {
        ArgumentNullException.ThrowIfNull(config);
        var allowed = config.GetStringList("allowed-types", []);
        var unfiltered = HyperionSerializerSettings.Create(
            Akka.Configuration.ConfigurationFactory.ParseString("allowed-types = []").WithFallback(config));
        var filter = TypeFilterBuilder.Create();
        AllowedTypes = [.. allowed.Select(name => Type.GetType(name, throwOnError: false)).OfType<Type>()];
        foreach (var type in AllowedTypes)
        {
            filter.Include(type);
        }

        _writer = new HyperionSerializer(system, unfiltered.WithDisallowUnsafeType(true));
        _reader = new HyperionSerializer(system, unfiltered.WithDisallowUnsafeType(true).WithTypeFilter(filter.Build()));
    }

    /// <summary>The types this process will deserialize.</summary>
    public IReadOnlyList<Type> AllowedTypes { get; }

    public override int Identifier => 4002;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) => _writer.ToBinary(obj);

    public override object FromBinary(byte[] bytes, Type type) => _reader.FromBinary(bytes, type);
}
