using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Model.Resources;

/// <summary>
/// Reads a quantity from a JSON string or number (surrounding whitespace ignored, null as zero, as
/// Kubernetes does) and writes its canonical string.
/// </summary>
public sealed class QuantityJsonConverter : JsonConverter<Quantity>
{
    public override bool HandleNull => true;

    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string text;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return Quantity.Zero;
            case JsonTokenType.String:
                text = reader.GetString()!;
                break;
            case JsonTokenType.Number:
                // The number's own text, so 1e3 stays an exponent quantity and 0.1 stays exact.
                text = reader.HasValueSequence
                    ? Encoding.UTF8.GetString(reader.ValueSequence)
                    : Encoding.UTF8.GetString(reader.ValueSpan);
                break;
            default:
                throw new JsonException($"a quantity must be a JSON string or number, not {reader.TokenType}");
        }

        try
        {
            return Quantity.Parse(text.Trim());
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
