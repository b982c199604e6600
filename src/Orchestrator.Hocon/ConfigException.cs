namespace Orchestrator.Hocon;

/// <summary>
/// A configuration setting is missing, null or of the wrong type. <see cref="Path"/> names the setting
/// so the message can tell the operator exactly which line of their configuration to fix.
/// </summary>
public class ConfigException : Exception
{
    public ConfigException()
    {
    }

    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConfigException(string message, string? path)
        : base(message)
    {
        Path = path;
    }

    /// <summary>The setting's path, e.g. <c>orchestrator.api.shards</c>, when the error concerns one.</summary>
    public string? Path { get; }
}
