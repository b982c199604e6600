namespace Orchestrator.Hocon;

/// <summary>
/// A fully resolved HOCON value (no substitutions left): an <see cref="HoconObject"/>, an
/// <see cref="HoconArray"/> or a <see cref="HoconScalar"/>. Immutable, so configs can be shared freely.
/// </summary>
public abstract class HoconValue
{
    private protected HoconValue(HoconPosition? origin)
    {
        Origin = origin;
    }

    public abstract HoconValueType Type { get; }

    /// <summary>Where the value was written, when it came from parsed text.</summary>
    public HoconPosition? Origin { get; }

    public bool IsNull => Type == HoconValueType.Null;

    /// <summary>Renders the value as HOCON that is also valid JSON.</summary>
    public override string ToString() => HoconRenderer.Render(this);
}
