using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Kubelet.Network;

/// <summary>
/// A CNI network configuration list (the spec's <c>.conflist</c>): the network's name, its cniVersion and the plugins
/// run in order on ADD (reverse order on DEL). A single-plugin <c>.conf</c> is read as a list of one, as libcni does.
/// </summary>
public sealed class CniNetworkConfigList
{
    private CniNetworkConfigList(string name, string cniVersion, IReadOnlyList<JsonObject> plugins, string source)
    {
        Name = name;
        CniVersion = cniVersion;
        Plugins = plugins;
        Source = source;
    }

    public string Name { get; }

    public string CniVersion { get; }

    /// <summary>Each plugin's configuration as written (type, options, capabilities), without name or cniVersion.</summary>
    public IReadOnlyList<JsonObject> Plugins { get; }

    /// <summary>The file it was read from, or "default" for the one built in code.</summary>
    public string Source { get; }

    /// <summary>Parses a .conflist (or, when <paramref name="singlePlugin"/>, a .conf).</summary>
    /// <exception cref="CniException">The text is not a valid network configuration.</exception>
    public static CniNetworkConfigList Parse(string json, string source, bool singlePlugin = false)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new CniException($"{source}: a network configuration must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new CniException($"{source}: not valid JSON: {e.Message}", e);
        }

        var name = root["name"]?.GetValue<string>();
        var version = root["cniVersion"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version))
        {
            throw new CniException($"{source}: a network configuration needs a name and a cniVersion");
        }

        List<JsonObject> plugins;
        if (singlePlugin)
        {
            var plugin = (JsonObject)root.DeepClone();
            plugin.Remove("name");
            plugin.Remove("cniVersion");
            plugins = [plugin];
        }
        else
        {
            plugins = (root["plugins"] as JsonArray ?? throw new CniException($"{source}: a .conflist needs a plugins array"))
                .Select(p => p is JsonObject o ? (JsonObject)o.DeepClone() : throw new CniException($"{source}: each plugin must be a JSON object"))
                .ToList();
        }

        if (plugins.Count == 0 || plugins.Any(p => string.IsNullOrEmpty(p["type"]?.GetValue<string>())))
        {
            throw new CniException($"{source}: every plugin needs a type, and there must be at least one");
        }

        return new CniNetworkConfigList(name, version, plugins, source);
    }

    /// <summary>
    /// The first configuration in <paramref name="confDir"/> by file name (*.conflist, *.conf, *.json), as the kubelet's
    /// CNI driver picks it; null when there is none.
    /// </summary>
    public static CniNetworkConfigList? LoadFirst(string confDir)
    {
        if (!Directory.Exists(confDir))
        {
            return null;
        }

        var file = Directory.EnumerateFiles(confDir)
            .Where(f => f.EndsWith(".conflist", StringComparison.Ordinal) || f.EndsWith(".conf", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
        return file is null ? null : Parse(File.ReadAllText(file), file, singlePlugin: !file.EndsWith(".conflist", StringComparison.Ordinal));
    }

    /// <summary>The configuration one plugin gets on stdin: its own object with the network's name and cniVersion injected.</summary>
    public JsonObject PluginConfig(int index)
    {
        var config = (JsonObject)Plugins[index].DeepClone();
        config["cniVersion"] = CniVersion;
        config["name"] = Name;
        return config;
    }

    /// <summary>The list as JSON, as it is written to the conf dir.</summary>
    public string ToJson() => new JsonObject
    {
        ["cniVersion"] = CniVersion,
        ["name"] = Name,
        ["plugins"] = new JsonArray(Plugins.Select(p => (JsonNode)p.DeepClone()).ToArray()),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
