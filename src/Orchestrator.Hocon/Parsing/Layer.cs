namespace Orchestrator.Hocon.Parsing;

/// <summary>
/// One candidate for the value at a path, highest priority first in a sequence: either an object literal
/// not yet resolved (so a lookup can step into one field without resolving its siblings) or a resolved value.
/// </summary>
internal readonly record struct Layer(ObjectNode? Literal, HoconValue? Value)
{
    public bool IsObject => Literal is not null || Value is HoconObject;

    /// <summary>An object that already hid a non-object: layers below it must not merge in.</summary>
    public bool HidesBelow => Literal?.HidesBelow ?? (Value as HoconObject)?.IgnoresFallbacks ?? false;

    public static Layer Of(ObjectNode literal) => new(literal, null);

    public static Layer Of(HoconValue value) => new(null, value);
}
