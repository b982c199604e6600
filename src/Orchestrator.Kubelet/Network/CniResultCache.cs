using System.Text.Json.Nodes;

namespace Orchestrator.Kubelet.Network;

/// <summary>
/// Each attachment's ADD result on disk, as libcni keeps it (<c>results/NETWORK-CONTAINERID-IFNAME</c>, kind
/// <c>cniCacheV1</c>), so DEL and CHECK pass the plugins their prevResult and port mappings even after the kubelet
/// restarted. Written atomically (a temporary file renamed over).
/// </summary>
public sealed class CniResultCache(string directory)
{
    private readonly string _results = Path.Combine(directory, "results");

    /// <summary>What ADD produced, with what it was given.</summary>
    public sealed record Entry(JsonObject Result, JsonArray? PortMappings, string NetnsPath);

    public async Task SaveAsync(string network, PodNetworkAttachment attachment, JsonObject result, JsonArray? portMappings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        Directory.CreateDirectory(_results);
        var entry = new JsonObject
        {
            ["kind"] = "cniCacheV1",
            ["containerId"] = attachment.ContainerId,
            ["ifName"] = attachment.InterfaceName,
            ["networkName"] = network,
            ["netns"] = attachment.NetnsPath,
            ["cniArgs"] = CniPluginInvoker.PodArgs(attachment),
            ["capabilityArgs"] = new JsonObject { ["portMappings"] = portMappings?.DeepClone() },
            ["result"] = result.DeepClone(),
        };
        var file = FileOf(network, attachment);
        var temporary = file + ".tmp";
        await File.WriteAllTextAsync(temporary, entry.ToJsonString(), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, file, overwrite: true);
    }

    /// <summary>The cached ADD of this attachment, or null when there is none (never set up, or torn down).</summary>
    public async Task<Entry?> LoadAsync(string network, PodNetworkAttachment attachment, CancellationToken cancellationToken)
    {
        var file = FileOf(network, attachment);
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            var entry = JsonNode.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)) as JsonObject;
            return entry?["result"] is JsonObject result
                ? new Entry((JsonObject)result.DeepClone(), entry["capabilityArgs"]?["portMappings"]?.DeepClone() as JsonArray, entry["netns"]?.ToString() ?? "")
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // A torn or foreign file: as if nothing were cached; DEL still runs, without prevResult.
            return null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public void Delete(string network, PodNetworkAttachment attachment) => File.Delete(FileOf(network, attachment));

    /// <summary>The ids of the containers with a cached attachment on <paramref name="network"/> (for garbage collection and tests).</summary>
    public IReadOnlyList<string> CachedFiles() =>
        Directory.Exists(_results) ? Directory.GetFiles(_results).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList() : [];

    private string FileOf(string network, PodNetworkAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        foreach (var part in new[] { network, attachment.ContainerId, attachment.InterfaceName })
        {
            if (part.Length == 0 || part.Contains('/', StringComparison.Ordinal) || part.Contains("..", StringComparison.Ordinal))
            {
                throw new ArgumentException($"\"{part}\" cannot name a cache file", nameof(attachment));
            }
        }

        return Path.Combine(_results, $"{network}-{attachment.ContainerId}-{attachment.InterfaceName}");
    }
}
