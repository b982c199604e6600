using Microsoft.Extensions.Configuration;

namespace Orchestrator.Hocon.Configuration;

/// <summary>Adds HOCON sources to an <see cref="IConfigurationBuilder"/>.</summary>
public static class HoconConfigurationExtensions
{
    /// <summary>
    /// Adds a HOCON file; a relative path resolves against the current directory. Pass
    /// <c>new HoconParseOptions { Fallback = ReferenceConfig.Load() }</c> to let the file's substitutions use the defaults.
    /// </summary>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.Add(new HoconConfigurationSource { Path = path, Optional = optional, Options = options });
    }

    public static IConfigurationBuilder AddHoconString(this IConfigurationBuilder builder, string hocon, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(hocon);
        return builder.Add(new HoconConfigurationSource { Text = hocon, Options = options });
    }

    /// <summary>Adds a parsed configuration, e.g. <see cref="ReferenceConfig.Load"/> as the lowest-priority source.</summary>
    public static IConfigurationBuilder AddHoconConfig(this IConfigurationBuilder builder, Config config)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(config);
        return builder.Add(new HoconConfigurationSource { Config = config });
    }
}
