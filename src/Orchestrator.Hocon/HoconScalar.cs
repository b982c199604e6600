namespace Orchestrator.Hocon;

/// <summary>
/// A string, number, boolean or null. Numbers keep the text they were written with, as the spec asks
/// for value concatenation (<c>10s</c>, <c>1e5</c>), and are converted only when read with a typed getter.
/// </summary>
public sealed class HoconScalar : HoconValue
{
    private HoconScalar(HoconValueType type, string text, HoconPosition? origin)
        : base(origin)
    {
        Type = type;
        Text = text;
    }

    public override HoconValueType Type { get; }

    /// <summary>The value as written: the string itself, the number's digits, <c>true</c>/<c>false</c> or <c>null</c>.</summary>
    public string Text { get; }

    public static HoconScalar String(string text, HoconPosition? origin = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new HoconScalar(HoconValueType.String, text, origin);
    }

    public static HoconScalar Number(string text, HoconPosition? origin = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new HoconScalar(HoconValueType.Number, text, origin);
    }

    public static HoconScalar Boolean(bool value, HoconPosition? origin = null) =>
        new(HoconValueType.Boolean, value ? "true" : "false", origin);

    public static HoconScalar Null(HoconPosition? origin = null) => new(HoconValueType.Null, "null", origin);
}
