using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Orchestrator.Client.Yaml;

/// <summary>
/// Writes a <see cref="JsonNode"/> as block-style YAML that reads back (with <see cref="YamlToJson"/>,
/// kubectl or any YAML 1.1/1.2 parser) as the same JSON: strings that would read as another type are quoted.
/// </summary>
public static class JsonToYaml
{
    public static string Serialize(JsonNode? node)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        // No line folding: a long value (a certificate, a token, a command line) stays on one line.
        var emitter = new Emitter(writer, EmitterSettings.Default.WithBestWidth(int.MaxValue));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(Plain("null"));
                break;
            case JsonObject obj:
                // Empty collections are written in flow style ({} and []); YAML has no empty block form.
                emitter.Emit(new MappingStart(null, null, isImplicit: true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(Text(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        emitter.Emit(Text(value.GetValue<string>()));
                        break;
                    case JsonValueKind.Null:
                        emitter.Emit(Plain("null"));
                        break;
                    default:
                        // Numbers and booleans keep their JSON spelling, which YAML reads back unchanged.
                        emitter.Emit(Plain(value.ToJsonString()));
                        break;
                }

                break;
        }
    }

    private static Scalar Plain(string text) => new(null, null, text, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false);

    private static Scalar Text(string text) =>
        YamlScalars.NeedsQuotes(text)
            ? new Scalar(null, null, text, ScalarStyle.DoubleQuoted, isPlainImplicit: false, isQuotedImplicit: true)
            : new Scalar(null, null, text, ScalarStyle.Any, isPlainImplicit: true, isQuotedImplicit: true);
}
