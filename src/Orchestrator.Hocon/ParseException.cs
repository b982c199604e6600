namespace Orchestrator.Hocon;

/// <summary>
/// Malformed HOCON or a substitution/include that cannot be resolved. The message starts with
/// <c>source:line:column</c> so editors and terminals can jump to the offending character.
/// </summary>
public class ParseException : ConfigException
{
    public ParseException()
    {
    }

    public ParseException(string message)
        : base(message)
    {
    }

    public ParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ParseException(string detail, HoconPosition position)
        : base($"{position}: {detail}")
    {
        Position = position;
        Detail = detail;
    }

    public ParseException(string detail, HoconPosition position, Exception innerException)
        : base($"{position}: {detail}", innerException)
    {
        Position = position;
        Detail = detail;
    }

    /// <summary>Where the problem is; null only for exceptions built with the standard constructors.</summary>
    public HoconPosition? Position { get; }

    /// <summary>The message without the position prefix.</summary>
    public string? Detail { get; }

    public int Line => Position?.Line ?? 0;

    public int Column => Position?.Column ?? 0;
}
