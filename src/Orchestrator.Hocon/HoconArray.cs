namespace Orchestrator.Hocon;

/// <summary>A resolved HOCON array.</summary>
public sealed class HoconArray : HoconValue
{
    public HoconArray(IEnumerable<HoconValue> items, HoconPosition? origin = null)
        : base(origin)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items.ToArray();
    }

    public override HoconValueType Type => HoconValueType.Array;

    public IReadOnlyList<HoconValue> Items { get; }
}
