using System.Globalization;
using System.Text;

namespace Orchestrator.Hocon;

/// <summary>Renders resolved values as indented JSON, which every HOCON reader also accepts.</summary>
internal static class HoconRenderer
{
    public static string Render(HoconValue value)
    {
        var builder = new StringBuilder();
        Write(builder, value, 0);
        return builder.ToString();
    }

    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        WriteQuoted(builder, text);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, HoconValue value, int indent)
    {
        switch (value)
        {
            case HoconObject obj when obj.Count == 0:
                builder.Append("{}");
                break;
            case HoconObject obj:
                builder.Append("{\n");
                var first = true;
                foreach (var (key, field) in obj.Fields)
                {
                    if (!first)
                    {
                        builder.Append(",\n");
                    }

                    first = false;
                    builder.Append(' ', (indent + 1) * 2);
                    WriteQuoted(builder, key);
                    builder.Append(" : ");
                    Write(builder, field, indent + 1);
                }

                builder.Append('\n').Append(' ', indent * 2).Append('}');
                break;
            case HoconArray array when array.Items.Count == 0:
                builder.Append("[]");
                break;
            case HoconArray array:
                builder.Append("[\n");
                for (var i = 0; i < array.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(",\n");
                    }

                    builder.Append(' ', (indent + 1) * 2);
                    Write(builder, array.Items[i], indent + 1);
                }

                builder.Append('\n').Append(' ', indent * 2).Append(']');
                break;
            case HoconScalar { Type: HoconValueType.String } scalar:
                WriteQuoted(builder, scalar.Text);
                break;
            case HoconScalar scalar:
                builder.Append(scalar.Text);
                break;
        }
    }

    private static void WriteQuoted(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case < ' ':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        builder.Append('"');
    }
}
