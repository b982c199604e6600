namespace Orchestrator.Model.Schema;

/// <summary>
/// One field of a Kubernetes message: its protobuf number, JSON name, type, when the JSON shows it and
/// the first sentence of Kubernetes' description. An inline field (Go <c>json:",inline"</c>) has no
/// JSON name: its message's fields sit directly in the parent's JSON object, while protobuf keeps
/// them in a nested message under <see cref="Number"/>.
/// </summary>
public sealed class FieldSchema
{
    private MessageSchema? _message;

    internal FieldSchema(int number, string jsonName, FieldType type, JsonPresence presence, bool isRequired, string description)
    {
        Number = number;
        JsonName = jsonName;
        Type = type;
        Presence = presence;
        IsRequired = isRequired;
        Description = description;
    }

    public int Number { get; }

    /// <summary>The JSON property name; empty for an inline field.</summary>
    public string JsonName { get; }

    public FieldType Type { get; }

    public JsonPresence Presence { get; }

    /// <summary>Required in Kubernetes' OpenAPI (no <c>+optional</c>, no <c>omitempty</c>).</summary>
    public bool IsRequired { get; }

    /// <summary>One line for <c>kubectl explain</c>.</summary>
    public string Description { get; }

    public bool IsInline => JsonName.Length == 0;

    /// <summary>The message a message-typed field (or its elements or values) holds.</summary>
    public MessageSchema Message =>
        _message ?? throw new InvalidOperationException($"field {JsonName} ({Type}) does not hold a message");

    internal void Link(MessageSchema message) => _message = message;

    public override string ToString() => $"{(IsInline ? "(inline)" : JsonName)} = {Number} : {Type}";
}
