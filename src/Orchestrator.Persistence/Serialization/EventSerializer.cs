using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orchestrator.Persistence.Serialization;

/// <summary>
/// Maps event and snapshot types to stable manifests and (de)serializes them with System.Text.Json.
/// A manifest is the stored name of a type, so renaming a class never orphans stored events.
/// Register every type at startup; lookups afterwards are lock-free reads.
/// </summary>
public sealed class EventSerializer
{
    private readonly JsonSerializerOptions _options;
    private readonly Lock _gate = new();

    // Copied on every registration, so lookups read a dictionary nobody changes any more.
    private volatile Dictionary<string, Registration> _byManifest = new(StringComparer.Ordinal);
    private volatile Dictionary<Type, Registration> _byType = [];

    /// <param name="options">
    /// Used for types registered without a <see cref="JsonTypeInfo{T}"/>; pass options whose
    /// TypeInfoResolver is a source-generated context to stay free of reflection.
    /// </param>
    public EventSerializer(JsonSerializerOptions? options = null)
    {
        // Copied: the caller's options stay as they were, and options without a resolver get the reflection-based one.
        _options = options is null
            ? JsonSerializerOptions.Default
            : new JsonSerializerOptions(options) { TypeInfoResolver = options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver() };
    }

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="manifest"/>.</summary>
    /// <param name="typeInfo">Source-generated metadata for the type; when null it comes from the serializer's options.</param>
    public EventSerializer Register<T>(string manifest, JsonTypeInfo<T>? typeInfo = null)
        where T : notnull => Register(manifest, typeInfo, preserialized: null);

    /// <summary>
    /// Registers <typeparamref name="T"/> under <paramref name="manifest"/>, with a hook that may hand
    /// over an event already serialized by its writer (exactly as System.Text.Json would write it, so
    /// reading back is unchanged), with its <see cref="SerializedEvent.Local"/> form; null falls back to
    /// System.Text.Json.
    /// </summary>
    public EventSerializer Register<T>(string manifest, JsonTypeInfo<T>? typeInfo, Func<T, SerializedEvent?>? preserialized)
        where T : notnull
    {
        ArgumentException.ThrowIfNullOrEmpty(manifest);
        var info = typeInfo ?? (JsonTypeInfo<T>)_options.GetTypeInfo(typeof(T));
        var registration = new Registration(
            manifest,
            value => preserialized?.Invoke((T)value) is { } ready
                ? ready with { Manifest = manifest }
                : new SerializedEvent(manifest, JsonSerializer.SerializeToUtf8Bytes((T)value, info)),
            payload => JsonSerializer.Deserialize(payload, info));
        lock (_gate)
        {
            if (_byManifest.ContainsKey(manifest))
            {
                throw new ArgumentException($"Manifest '{manifest}' is already registered.", nameof(manifest));
            }

            if (_byType.ContainsKey(typeof(T)))
            {
                throw new ArgumentException($"Type '{typeof(T).FullName}' is already registered.", nameof(T));
            }

            _byManifest = new Dictionary<string, Registration>(_byManifest, StringComparer.Ordinal) { [manifest] = registration };
            _byType = new Dictionary<Type, Registration>(_byType) { [typeof(T)] = registration };
        }

        return this;
    }

    /// <summary>The manifest <paramref name="type"/> is stored under.</summary>
    /// <exception cref="UnknownManifestException">The type is not registered.</exception>
    public string ManifestOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Find(type).Manifest;
    }

    /// <exception cref="UnknownManifestException">The value's type is not registered.</exception>
    public SerializedEvent Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Find(value.GetType()).Serialize(value);
    }

    /// <exception cref="UnknownManifestException">The manifest is not registered.</exception>
    public object Deserialize(SerializedEvent serialized)
    {
        ArgumentNullException.ThrowIfNull(serialized.Manifest);
        ArgumentNullException.ThrowIfNull(serialized.Payload);
        if (!_byManifest.TryGetValue(serialized.Manifest, out var registration))
        {
            throw new UnknownManifestException(serialized.Manifest);
        }

        return registration.Deserialize(serialized.Payload)
            ?? throw new JsonException($"The payload of manifest '{serialized.Manifest}' is JSON null.");
    }

    /// <exception cref="UnknownManifestException">The event's manifest is not registered.</exception>
    public object Deserialize(EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return Deserialize(envelope.Event);
    }

    private Registration Find(Type type)
    {
        return _byType.TryGetValue(type, out var registration) ? registration : throw new UnknownManifestException(type);
    }

    private sealed record Registration(string Manifest, Func<object, SerializedEvent> Serialize, Func<byte[], object?> Deserialize);
}
