namespace Orchestrator.Hocon;

/// <summary>
/// The project's defaults: hocon/reference.conf, embedded in this assembly, so every component can
/// fall back to them (<c>Config.ParseFile(path, new() { Fallback = ReferenceConfig.Load() })</c>).
/// </summary>
public static class ReferenceConfig
{
    public const string ResourceName = "reference.conf";

    // Parsed once: a Config is immutable, so every caller can share it.
    private static readonly Lazy<Config> Reference = new(Parse);

    public static Config Load() => Reference.Value;

    private static Config Parse()
    {
        using var stream = typeof(ReferenceConfig).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded resource '{ResourceName}' is missing from {typeof(ReferenceConfig).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        // The defaults must not change with the machine's environment variables.
        return Config.ParseString(reader.ReadToEnd(), new HoconParseOptions { SourceName = ResourceName, EnvironmentVariables = _ => null });
    }
}
