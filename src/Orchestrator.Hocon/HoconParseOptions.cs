namespace Orchestrator.Hocon;

/// <summary>How <see cref="Config.ParseString(string, HoconParseOptions?)"/> and <see cref="Config.ParseFile(string, HoconParseOptions?)"/> parse.</summary>
public sealed record HoconParseOptions
{
    public static HoconParseOptions Default { get; } = new();

    /// <summary>Names the text in error messages; files use their path.</summary>
    public string? SourceName { get; init; }

    /// <summary>Directory relative includes in a string resolve against; defaults to the current directory.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>
    /// Merged below the parsed document before substitutions are resolved, so the document may refer to
    /// the fallback's settings (an application file referring to <c>reference.conf</c> defaults).
    /// </summary>
    public Config? Fallback { get; init; }

    /// <summary>Where substitutions missing from the document are looked up; defaults to the process environment.</summary>
    public Func<string, string?>? EnvironmentVariables { get; init; }
}
