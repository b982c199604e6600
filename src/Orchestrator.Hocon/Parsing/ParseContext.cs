namespace Orchestrator.Hocon.Parsing;

/// <summary>State shared by a document and every file it includes: the options and the chain of open includes.</summary>
internal sealed class ParseContext
{
    public ParseContext(HoconParseOptions options)
    {
        Options = options;
    }

    public HoconParseOptions Options { get; }

    /// <summary>Full paths of the files being parsed, outermost first, to report include cycles.</summary>
    public List<string> IncludeStack { get; } = [];
}
