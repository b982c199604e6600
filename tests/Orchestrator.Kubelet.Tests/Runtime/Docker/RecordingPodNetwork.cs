using System.Collections.Concurrent;
using Orchestrator.Kubelet.Network;

namespace Orchestrator.Kubelet.Tests.Runtime.Docker;

/// <summary>
/// A pod network that only records what the runtime asked of it (the real CNI driver is tested on its own):
/// every attachment, and whether the namespace it named existed at the time.
/// </summary>
public sealed class RecordingPodNetwork : IPodNetwork
{
    public const string PodIp = "100.64.7.2";

    public ConcurrentQueue<(PodNetworkAttachment Attachment, bool NetnsExisted)> SetUps { get; } = new();

    public ConcurrentQueue<PodNetworkAttachment> TearDowns { get; } = new();

    public const string SetUpFailure = "plugin bridge failed: no addresses left";

    /// <summary>Every SetUp fails after recording the call, as a CNI plugin's error would.</summary>
    public bool FailSetUp { get; init; }

    public bool IsolatesPods => true;

    public Task<PodNetworkResult> SetUpAsync(PodNetworkAttachment attachment, CancellationToken cancellationToken)
    {
        SetUps.Enqueue((attachment, File.Exists(attachment.NetnsPath)));
        if (FailSetUp)
        {
            throw new InvalidOperationException(SetUpFailure);
        }
        return Task.FromResult(new PodNetworkResult(PodIp, "100.64.7.1"));
    }

    public Task TearDownAsync(PodNetworkAttachment attachment, CancellationToken cancellationToken)
    {
        TearDowns.Enqueue(attachment);
        return Task.CompletedTask;
    }

    public Task CheckAsync(PodNetworkAttachment attachment, CancellationToken cancellationToken) => Task.CompletedTask;
}
