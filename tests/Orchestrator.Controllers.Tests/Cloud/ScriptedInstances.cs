using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Orchestrator.Controllers.Cloud.Provider;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Tests.Cloud;

/// <summary>A cloud's machines as a test sets them: each node's machine exists and runs unless marked gone or shut down.</summary>
public sealed class ScriptedInstances : IInstancesV2
{
    public ConcurrentDictionary<string, bool> Gone { get; } = new();

    public ConcurrentDictionary<string, bool> Shutdown { get; } = new();

    public Task<bool> InstanceExistsAsync(JsonObject node, CancellationToken cancellationToken) =>
        Task.FromResult(!Gone.ContainsKey(KubeObject.Name(node)!));

    public Task<bool> InstanceShutdownAsync(JsonObject node, CancellationToken cancellationToken) =>
        Task.FromResult(Shutdown.ContainsKey(KubeObject.Name(node)!));

    public Task<InstanceMetadata> InstanceMetadataAsync(JsonObject node, CancellationToken cancellationToken) =>
        Task.FromResult(new InstanceMetadata(
            $"scripted://{KubeObject.Name(node)}", "m5.large", [new NodeAddress(NodeAddress.InternalIp, "127.0.0.9"), new NodeAddress(NodeAddress.Hostname, KubeObject.Name(node)!)], "zone-a", "region-1"));
}
