using Orchestrator.Kubelet.Hollow;

namespace Orchestrator.Kubelet.Network;

/// <summary>
/// The pod network of a real node, whose spec.podCIDR the node IPAM controller assigns only after the kubelet has
/// registered it: which kind of network (CNI or the host-network fallback) is decided at once, so the node reports
/// it from its first status, and the CNI network itself is made at the first pod, from the podCIDR read then.
/// </summary>
public sealed class NodePodNetwork : IPodNetwork, IDisposable
{
    private static readonly TimeSpan PodCidrPoll = TimeSpan.FromMilliseconds(200);

    private readonly CniSettings _settings;
    private readonly Func<CancellationToken, Task<Ipv4Cidr?>> _podCidr;
    private readonly TimeSpan _podCidrWait;
    private readonly SemaphoreSlim _resolving = new(1, 1);
    private readonly IPodNetwork? _fallback;
    private IPodNetwork? _network;

    /// <param name="podCidr">Reads the node's spec.podCIDR (null while it has none).</param>
    /// <param name="podCidrWait">How long the first pod waits for a podCIDR before its set-up fails (and is retried by its pod).</param>
    public NodePodNetwork(CniSettings settings, Func<CancellationToken, Task<Ipv4Cidr?>> podCidr, TimeSpan podCidrWait, bool isRoot)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(podCidr);
        _settings = settings;
        _podCidr = podCidr;
        _podCidrWait = podCidrWait;

        // The podCIDR will come: whether CNI can be used does not depend on it.
        FallbackReason = PodNetworkFactory.WhyNotCni(settings, Ipv4Cidr.Parse("100.64.0.0/24"), isRoot);
        if (FallbackReason is not null)
        {
            _fallback = new HostPodNetwork(settings.FallbackPodRange);
        }
    }

    /// <summary>Why pods share the node's network (for the NetworkUnavailable condition), or null when CNI isolates them.</summary>
    public string? FallbackReason { get; }

    public bool IsolatesPods => _fallback is null;

    public async Task<PodNetworkResult> SetUpAsync(PodNetworkAttachment attachment, CancellationToken cancellationToken) =>
        await (await NetworkAsync(waitForPodCidr: true, cancellationToken).ConfigureAwait(false))!.SetUpAsync(attachment, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// CNI DEL. Before the node has a podCIDR (a previous run's sandboxes removed at start-up) there is no network
    /// to ask: nothing is torn down, and the pod's interface goes with its namespace when the sandbox is removed.
    /// </summary>
    public async Task TearDownAsync(PodNetworkAttachment attachment, CancellationToken cancellationToken)
    {
        if (await NetworkAsync(waitForPodCidr: false, cancellationToken).ConfigureAwait(false) is { } network)
        {
            await network.TearDownAsync(attachment, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task CheckAsync(PodNetworkAttachment attachment, CancellationToken cancellationToken) =>
        await (await NetworkAsync(waitForPodCidr: true, cancellationToken).ConfigureAwait(false))!.CheckAsync(attachment, cancellationToken).ConfigureAwait(false);

    public void Dispose()
    {
        (_network as IDisposable)?.Dispose();
        _resolving.Dispose();
    }

    // The network, made once; null only when not waiting and the node has no podCIDR (nor a configuration) yet.
    private async Task<IPodNetwork?> NetworkAsync(bool waitForPodCidr, CancellationToken cancellationToken)
    {
        if (_fallback is not null)
        {
            return _fallback;
        }

        if (_network is { } network)
        {
            return network;
        }

        await _resolving.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_network is null)
            {
                var deadline = DateTimeOffset.UtcNow + (waitForPodCidr ? _podCidrWait : TimeSpan.Zero);
                Ipv4Cidr? cidr;
                while ((cidr = await _podCidr(cancellationToken).ConfigureAwait(false)) is null && DateTimeOffset.UtcNow < deadline)
                {
                    await Task.Delay(PodCidrPoll, cancellationToken).ConfigureAwait(false);
                }

                // A configuration in the conf dir needs no podCIDR; the default network does: without one the pod's
                // set-up fails now and its pod tries again later.
                var configured = Directory.Exists(_settings.ConfDir) && Directory.EnumerateFiles(_settings.ConfDir).Any();
                if (cidr is null && !configured)
                {
                    if (!waitForPodCidr)
                    {
                        return null;
                    }

                    throw new InvalidOperationException($"the node has no spec.podCIDR after {_podCidrWait.TotalSeconds:F0} s (is the node IPAM controller running?)");
                }

                _network = new CniPodNetwork(_settings, cidr);
            }

            return _network;
        }
        finally
        {
            _resolving.Release();
        }
    }
}
