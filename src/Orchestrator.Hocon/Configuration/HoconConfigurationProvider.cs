using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Orchestrator.Hocon.Configuration;

/// <summary>
/// Flattens a HOCON configuration into Microsoft.Extensions.Configuration keys: <c>a.b.c</c> becomes
/// <c>a:b:c</c> and array elements <c>a:0</c>, <c>a:1</c>, as the JSON provider does.
/// </summary>
public sealed class HoconConfigurationProvider : ConfigurationProvider
{
    private readonly HoconConfigurationSource _source;

    public HoconConfigurationProvider(HoconConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (LoadConfig() is { } config)
        {
            foreach (var (key, value) in config.Root.Fields)
            {
                Flatten(value, key, data);
            }
        }

        Data = data;
    }

    private Config? LoadConfig()
    {
        if (_source.Path is { } path)
        {
            var file = Path.GetFullPath(path);
            if (!File.Exists(file))
            {
                return _source.Optional ? null : throw new FileNotFoundException($"the HOCON configuration file '{file}' was not found", file);
            }

            return Config.ParseFile(file, _source.Options);
        }

        if (_source.Text is { } text)
        {
            return Config.ParseString(text, _source.Options);
        }

        return _source.Config;
    }

    private static void Flatten(HoconValue value, string key, Dictionary<string, string?> data)
    {
        switch (value)
        {
            case HoconObject { Count: 0 }:
            case HoconArray { Items.Count: 0 }:
                // Like the JSON provider: an empty object or array is a key without a value.
                data[key] = null;
                break;
            case HoconObject obj:
                foreach (var (childKey, child) in obj.Fields)
                {
                    Flatten(child, ConfigurationPath.Combine(key, childKey), data);
                }

                break;
            case HoconArray array:
                for (var i = 0; i < array.Items.Count; i++)
                {
                    Flatten(array.Items[i], ConfigurationPath.Combine(key, i.ToString(CultureInfo.InvariantCulture)), data);
                }

                break;
            case HoconScalar scalar:
                data[key] = scalar.IsNull ? null : scalar.Text;
                break;
        }
    }
}
