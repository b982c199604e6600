namespace Orchestrator.Hocon;

/// <summary>Where a value or an error comes from: a file (or other source name), a 1-based line and column.</summary>
public readonly record struct HoconPosition(string Source, int Line, int Column)
{
    public override string ToString() => $"{Source}:{Line}:{Column}";
}
