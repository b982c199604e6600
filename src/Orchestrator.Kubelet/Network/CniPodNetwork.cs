using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Hollow;

namespace Orchestrator.Kubelet.Network;

/// <summary>
/// The pod network through real CNI plugins, driven as the CNI spec and the kubelet's CNI driver do: the first
/// network configuration list of the conf dir (the node's default bridge network written there when it is empty),
/// each plugin run in order on ADD with the previous result chained as prevResult, in reverse order on DEL, the
/// loopback plugin on <c>lo</c> besides. ADD results are cached on disk so DEL and CHECK have them after a restart.
/// </summary>
public sealed class CniPodNetwork : IPodNetwork, IDisposable
{
    private readonly CniSettings _settings;
    private readonly Ipv4Cidr? _podCidr;
    private readonly CniResultCache _cache;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private CniNetworkConfigList? _network;

    /// <param name="settings">Where the plugins, configurations and cache are.</param>
    /// <param name="podCidr">The node's spec.podCIDR, for the default network; null when the conf dir must hold one.</param>
    public CniPodNetwork(CniSettings settings, Ipv4Cidr? podCidr)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _podCidr = podCidr;
        _cache = new CniResultCache(settings.CacheDir);
    }

    public bool IsolatesPods => true;

    /// <summary>The network in use (loaded, or written and loaded, on first use).</summary>
    public async Task<CniNetworkConfigList> NetworkAsync(CancellationToken cancellationToken)
    {
        if (_network is { } loaded)
        {
            return loaded;
        }

        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_network is null)
            {
                var found = CniNetworkConfigList.LoadFirst(_settings.ConfDir);
                if (found is null)
                {
                    var cidr = _podCidr ?? throw new CniException($"no network configuration in {_settings.ConfDir} and the node has no spec.podCIDR to write the default one for");
                    var written = DefaultCniNetwork.Build(_settings, cidr);
                    Directory.CreateDirectory(_settings.ConfDir);
                    var file = Path.Combine(_settings.ConfDir, DefaultCniNetwork.FileName);
                    await File.WriteAllTextAsync(file + ".tmp", written.ToJson(), cancellationToken).ConfigureAwait(false);
                    File.Move(file + ".tmp", file, overwrite: true);
                    found = CniNetworkConfigList.LoadFirst(_settings.ConfDir) ?? written;
                }

                _network = found;
            }

            return _network;
        }
        finally
        {
            _loading.Release();
        }
    }

    public async Task<PodNetworkResult> SetUpAsync(PodNetworkAttachment attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        var net = await NetworkAsync(cancellationToken).ConfigureAwait(false);
        var portMappings = PortMappingsJson(attachment);
        // lo and the pod's interface are set up at once: two plugin processes for two interfaces that share nothing.
        var loopback = RunListAsync(DefaultCniNetwork.Loopback, "ADD", attachment with { InterfaceName = "lo" }, null, null, cancellationToken);
        try
        {
            JsonObject? result;
            try
            {
                result = await RunListAsync(net, "ADD", attachment, null, portMappings, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Whatever happens, the loopback plugin has ended before its failure is reported or undone.
                await ((Task)loopback).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await loopback.ConfigureAwait(false);
            if (result is null)
            {
                throw new CniException($"network {net.Name}: the plugins returned no result");
            }

            await _cache.SaveAsync(net.Name, attachment, result, portMappings, cancellationToken).ConfigureAwait(false);
            return ParseResult(net.Name, result);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Undo what the plugins that succeeded did (an address, a veth), as containerd does after a failed ADD.
            try
            {
                await TearDownAsync(attachment, CancellationToken.None).ConfigureAwait(false);
            }
            catch (CniException)
            {
                // The ADD's error is the one worth reporting.
            }

            throw;
        }
    }

    public async Task TearDownAsync(PodNetworkAttachment attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        var net = await NetworkAsync(cancellationToken).ConfigureAwait(false);
        var cached = await _cache.LoadAsync(net.Name, attachment, cancellationToken).ConfigureAwait(false);
        // A namespace already gone is no reason to fail: the plugins then free what lives outside it (address, host veth).
        var gone = attachment.NetnsPath.Length > 0 && !File.Exists(attachment.NetnsPath);
        var target = gone ? attachment with { NetnsPath = "" } : attachment;
        await RunListAsync(net, "DEL", target, cached?.Result, cached?.PortMappings ?? PortMappingsJson(attachment), cancellationToken).ConfigureAwait(false);
        if (!gone)
        {
            await RunListAsync(DefaultCniNetwork.Loopback, "DEL", target with { InterfaceName = "lo" }, null, null, cancellationToken).ConfigureAwait(false);
        }

        _cache.Delete(net.Name, attachment);
    }

    public async Task CheckAsync(PodNetworkAttachment attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        var net = await NetworkAsync(cancellationToken).ConfigureAwait(false);
        var cached = await _cache.LoadAsync(net.Name, attachment, cancellationToken).ConfigureAwait(false)
            ?? throw new CniException($"network {net.Name}: no cached result for container {attachment.ContainerId} on {attachment.InterfaceName}: it was never set up, or was torn down");
        await RunListAsync(net, "CHECK", attachment, cached.Result, cached.PortMappings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pod's address and gateway from a CNI result (the first IP's address without its prefix).</summary>
    public static PodNetworkResult ParseResult(string network, JsonObject result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var first = (result["ips"] as JsonArray)?.FirstOrDefault() as JsonObject;
        var address = first?["address"]?.ToString();
        if (string.IsNullOrEmpty(address))
        {
            throw new CniException($"network {network}: the CNI result has no IP address: {result.ToJsonString()}");
        }

        var slash = address.IndexOf('/', StringComparison.Ordinal);
        return new PodNetworkResult(slash < 0 ? address : address[..slash], first?["gateway"]?.ToString());
    }

    public void Dispose() => _loading.Dispose();

    private async Task<JsonObject?> RunListAsync(
        CniNetworkConfigList list, string command, PodNetworkAttachment attachment, JsonObject? prevResult, JsonArray? portMappings, CancellationToken cancellationToken)
    {
        var invocation = new CniPluginInvoker.Invocation(
            command, attachment.ContainerId, attachment.NetnsPath, attachment.InterfaceName, CniPluginInvoker.PodArgs(attachment), _settings.BinDir);
        var order = Enumerable.Range(0, list.Plugins.Count);
        // DEL runs the plugins in reverse, each given the cached ADD result; CHECK runs them in order, each given it too;
        // ADD chains each plugin's result into the next one's prevResult.
        foreach (var index in command == "DEL" ? order.Reverse() : order)
        {
            var config = list.PluginConfig(index);
            if (prevResult is not null)
            {
                config["prevResult"] = prevResult.DeepClone();
            }

            if (portMappings is { Count: > 0 } && config["capabilities"]?["portMappings"] is JsonValue wants && wants.TryGetValue<bool>(out var on) && on)
            {
                config["runtimeConfig"] = new JsonObject { ["portMappings"] = portMappings.DeepClone() };
            }

            var type = config["type"]!.ToString();
            var result = await CniPluginInvoker.InvokeAsync(type, invocation, config, _settings.PluginTimeout, cancellationToken).ConfigureAwait(false);
            if (command == "ADD")
            {
                prevResult = result ?? prevResult;
            }
        }

        return prevResult;
    }

    private static JsonArray? PortMappingsJson(PodNetworkAttachment attachment) =>
        attachment.PortMappings.Count == 0
            ? null
            : new JsonArray(attachment.PortMappings.Select(m =>
            {
                var mapping = new JsonObject
                {
                    ["hostPort"] = m.HostPort,
                    ["containerPort"] = m.ContainerPort,
                    ["protocol"] = m.Protocol.ToLowerInvariant(),
                };
                if (!string.IsNullOrEmpty(m.HostIp))
                {
                    mapping["hostIP"] = m.HostIp;
                }

                return (JsonNode)mapping;
            }).ToArray());
}
