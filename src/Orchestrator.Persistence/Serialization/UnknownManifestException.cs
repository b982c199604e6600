namespace Orchestrator.Persistence.Serialization;

/// <summary>
/// The serializer was handed a manifest, or a type, it has no registration for. Failing loudly beats
/// guessing: a stored event the code cannot read means the code is missing a registration or a migration.
/// </summary>
public sealed class UnknownManifestException : Exception
{
    public UnknownManifestException(string manifest)
        : base($"No event type is registered for manifest '{manifest}'.")
    {
        Manifest = manifest;
    }

    public UnknownManifestException(Type type)
        : base($"Type '{type?.FullName}' is not registered with the event serializer.")
    {
        ArgumentNullException.ThrowIfNull(type);
        Type = type;
    }

    /// <summary>The unknown manifest, when reading.</summary>
    public string? Manifest { get; }

    /// <summary>The unregistered type, when writing.</summary>
    public Type? Type { get; }
}
