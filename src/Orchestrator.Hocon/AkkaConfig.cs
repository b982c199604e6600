namespace Orchestrator.Hocon;

/// <summary>
/// Hands our resolved configuration to Akka. Akka 1.5's own HOCON parser cannot read our
/// reference.conf (it rejects fractional sizes such as <c>1.5MiB</c> and turns an unset
/// <c>${?ENV}</c> into null instead of keeping the earlier value), so ours parses and resolves
/// everything and Akka receives the result rendered as JSON, which its parser reads exactly.
/// </summary>
public static class AkkaConfig
{
    /// <summary>The whole resolved tree (<c>akka</c> and <c>orchestrator</c>) as Akka's config, falling back to Akka's defaults.</summary>
    public static Akka.Configuration.Config ToAkka(this Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Akka.Configuration.ConfigurationFactory.ParseString(config.ToString());
    }

    /// <summary>
    /// A size setting read from Akka's config with HOCON's units (<c>512K</c>, <c>1.5MiB</c>, <c>10MB</c>),
    /// which Akka's own GetByteSize does not all accept.
    /// </summary>
    /// <exception cref="ConfigException">The value is missing or not a size.</exception>
    public static long GetSize(this Akka.Configuration.Config config, string path)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = config.GetString(path, null)
            ?? throw new ConfigException($"{path}: missing (expected a size such as 512K, 3MiB or 10MB)");
        return ByteSizeFormat.TryParse(text, out var bytes, out var error)
            ? bytes
            : throw new ConfigException($"{path}: \"{text}\" is not a size: {error}");
    }
}
