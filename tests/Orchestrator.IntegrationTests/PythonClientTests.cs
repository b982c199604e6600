using System.Diagnostics;
using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>The official Kubernetes Python client (Debian's python3-kubernetes) drives the real cluster.</summary>
public sealed class PythonClientTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterProcess _cluster;

    public PythonClientTests(ClusterFixture fixture) => _cluster = fixture.Cluster;

    [Fact]
    public async Task The_python_client_creates_reads_patches_lists_watches_and_deletes()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Python", "client_scenario.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("python-it");
        start.Environment["KUBECONFIG"] = _cluster.AdminConf;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(cts.Token);
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("OK", await stdout, StringComparison.Ordinal);
    }
}
