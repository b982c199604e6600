using Microsoft.Extensions.Configuration;

namespace Orchestrator.Hocon.Configuration;

/// <summary>
/// A HOCON source for Microsoft.Extensions.Configuration: a file (<see cref="Path"/>), text
/// (<see cref="Text"/>) or an already parsed <see cref="Config"/>, in that order of precedence.
/// </summary>
public sealed class HoconConfigurationSource : IConfigurationSource
{
    /// <summary>A file path, relative to the current directory when not rooted.</summary>
    public string? Path { get; set; }

    /// <summary>When true a missing <see cref="Path"/> yields no settings instead of an error.</summary>
    public bool Optional { get; set; }

    public string? Text { get; set; }

    public Config? Config { get; set; }

    /// <summary>Options for parsing <see cref="Path"/> or <see cref="Text"/>, e.g. a fallback their substitutions may use.</summary>
    public HoconParseOptions? Options { get; set; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(this);
}
