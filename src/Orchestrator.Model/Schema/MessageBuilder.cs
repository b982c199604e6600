namespace Orchestrator.Model.Schema;

/// <summary>Adds the fields of one message, in JSON order, one call per field.</summary>
public sealed class MessageBuilder
{
    // Protobuf's largest field number (2^29 - 1).
    private const int MaxFieldNumber = 536_870_911;

    private readonly List<FieldSchema> _fields = [];
    private readonly List<string> _apiVersions = [];

    internal MessageBuilder(string fullName, string description, string? apiVersion)
    {
        FullName = fullName;
        Description = description;
        if (apiVersion is not null)
        {
            _apiVersions.Add(apiVersion);
        }
    }

    internal string FullName { get; }

    internal string Description { get; }

    internal IReadOnlyList<FieldSchema> Fields => _fields;

    internal IReadOnlyList<string> ApiVersions => _apiVersions;

    /// <param name="number">The protobuf field number, exactly Kubernetes'.</param>
    /// <param name="jsonName">The JSON property name.</param>
    /// <param name="type">The field's type, e.g. <c>ListOf(Str)</c>.</param>
    /// <param name="presence">When the JSON shows the field (from its Go type and json tag).</param>
    /// <param name="description">The first sentence of Kubernetes' description.</param>
    /// <param name="required">Required in Kubernetes' OpenAPI.</param>
    public MessageBuilder Field(int number, string jsonName, FieldType type, JsonPresence presence, string description, bool required = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(jsonName);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(description);
        if (presence is (JsonPresence.WhenSet or JsonPresence.NullWhenUnset) && type.Shape != FieldShape.Single)
        {
            throw new ArgumentException($"{FullName}.{jsonName}: a list or map cannot be a pointer", nameof(presence));
        }

        return Add(new FieldSchema(number, jsonName, type, presence, required, description));
    }

    /// <summary>A Go struct embedded with <c>json:",inline"</c>: its fields show in this message's JSON.</summary>
    public MessageBuilder Inline(int number, string messageName)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageName);
        return Add(new FieldSchema(number, string.Empty, FieldType.Ref(messageName), JsonPresence.Always, isRequired: false, string.Empty));
    }

    /// <summary>More API versions this kind is served in, as DeleteOptions is in every group version.</summary>
    public MessageBuilder AlsoIn(params string[] apiVersions)
    {
        ArgumentNullException.ThrowIfNull(apiVersions);
        if (_apiVersions.Count == 0)
        {
            throw new InvalidOperationException($"{FullName} is not a kind: declare it with Object first");
        }

        _apiVersions.AddRange(apiVersions);
        return this;
    }

    private MessageBuilder Add(FieldSchema field)
    {
        if (field.Number is < 1 or > MaxFieldNumber)
        {
            throw new ArgumentOutOfRangeException(nameof(field), field.Number, $"{FullName}: field numbers run from 1 to {MaxFieldNumber}");
        }

        if (_fields.Any(f => f.Number == field.Number))
        {
            throw new ArgumentException($"{FullName}: field number {field.Number} is used twice", nameof(field));
        }

        if (!field.IsInline && _fields.Any(f => f.JsonName == field.JsonName))
        {
            throw new ArgumentException($"{FullName}: field {field.JsonName} is declared twice", nameof(field));
        }

        _fields.Add(field);
        return this;
    }
}
