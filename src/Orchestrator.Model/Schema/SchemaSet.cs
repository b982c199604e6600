using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Model.Schema;

/// <summary>A linked set of message types with their top-level kinds, as built by <see cref="SchemaBuilder"/>.</summary>
public sealed class SchemaSet
{
    private readonly FrozenDictionary<string, MessageSchema> _messages;
    private readonly FrozenDictionary<(string ApiVersion, string Kind), MessageSchema> _kinds;

    internal SchemaSet(IEnumerable<MessageSchema> messages)
    {
        _messages = messages.ToFrozenDictionary(m => m.FullName, StringComparer.Ordinal);
        var kinds = new Dictionary<(string, string), MessageSchema>();
        foreach (var message in _messages.Values.Where(m => m.IsKind))
        {
            foreach (var apiVersion in message.ApiVersions)
            {
                if (!kinds.TryAdd((apiVersion, message.Name), message))
                {
                    throw new InvalidOperationException($"kind {message.Name} in {apiVersion} is defined twice");
                }
            }
        }

        _kinds = kinds.ToFrozenDictionary();
    }

    /// <summary>Every message type.</summary>
    public IEnumerable<MessageSchema> Messages => _messages.Values;

    /// <summary>Every top-level kind with each apiVersion serving it.</summary>
    public IEnumerable<(string ApiVersion, string Kind, MessageSchema Message)> Kinds =>
        _kinds.Select(pair => (pair.Key.ApiVersion, pair.Key.Kind, pair.Value));

    /// <summary>The top-level message for an apiVersion (<c>v1</c>, <c>apps/v1</c>) and kind; null when not served.</summary>
    public MessageSchema? Find(string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        ArgumentNullException.ThrowIfNull(kind);
        return _kinds.GetValueOrDefault((apiVersion, kind));
    }

    /// <summary>A message by full name; throws <see cref="KeyNotFoundException"/> when there is none.</summary>
    public MessageSchema Message(string fullName) =>
        TryGetMessage(fullName, out var message) ? message : throw new KeyNotFoundException($"no message type {fullName}");

    public bool TryGetMessage(string fullName, [NotNullWhen(true)] out MessageSchema? message)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        return _messages.TryGetValue(fullName, out message);
    }
}
