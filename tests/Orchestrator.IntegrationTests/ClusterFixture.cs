using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>One cluster process shared by the tests of a class (xunit class fixture).</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public ClusterProcess Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await ClusterProcess.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
