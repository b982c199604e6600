namespace Orchestrator.Model.Schema;

/// <summary>
/// Collects message definitions, then links the message references into a <see cref="SchemaSet"/>.
/// Definitions may refer to messages defined later.
/// </summary>
public sealed class SchemaBuilder
{
    private readonly List<MessageBuilder> _messages = [];

    /// <summary>A nested message type.</summary>
    public MessageBuilder Message(string fullName, string description) => Add(fullName, description, apiVersion: null);

    /// <summary>A top-level object: the kind is the last segment of <paramref name="fullName"/>.</summary>
    public MessageBuilder Object(string fullName, string apiVersion, string description)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        return Add(fullName, description, apiVersion);
    }

    /// <summary>Builds the set; throws <see cref="InvalidOperationException"/> on a reference to an undefined message.</summary>
    public SchemaSet Build()
    {
        var messages = new Dictionary<string, MessageSchema>(StringComparer.Ordinal);
        foreach (var builder in _messages)
        {
            var message = new MessageSchema(builder.FullName, builder.Description, [.. builder.Fields], [.. builder.ApiVersions]);
            if (!messages.TryAdd(message.FullName, message))
            {
                throw new InvalidOperationException($"message {message.FullName} is defined twice");
            }
        }

        foreach (var message in messages.Values)
        {
            foreach (var field in message.Fields.Where(f => f.Type.Kind == FieldKind.Message))
            {
                if (!messages.TryGetValue(field.Type.MessageName!, out var target))
                {
                    throw new InvalidOperationException($"{message.FullName} field {field} refers to undefined message {field.Type.MessageName}");
                }

                field.Link(target);
            }
        }

        return new SchemaSet(messages.Values);
    }

    private MessageBuilder Add(string fullName, string description, string? apiVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(fullName);
        ArgumentNullException.ThrowIfNull(description);
        var builder = new MessageBuilder(fullName, description, apiVersion);
        _messages.Add(builder);
        return builder;
    }
}
