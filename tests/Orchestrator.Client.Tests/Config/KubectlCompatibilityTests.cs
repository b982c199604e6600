using System.Diagnostics;
using System.Text.Json.Nodes;
using Orchestrator.Client.Config;
using Orchestrator.Client.Security;
using Orchestrator.Client.Tests.Support;
using Xunit;

namespace Orchestrator.Client.Tests.Config;

/// <summary>
/// The real kubectl binaries (1.27 to 1.33, shipped with the machine image) read a kubeconfig from
/// <see cref="Kubeconfig.Write"/> and reach a server using the cluster certificates over TLS with the token.
/// </summary>
public sealed class KubectlCompatibilityTests : IDisposable
{
    private const string KubectlDirectory = "/usr/lib/google-cloud-sdk/bin";

    private readonly TempDirectory _dir = new();

    public static TheoryData<string> Versions => new() { "1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33" };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Kubectl_accepts_the_written_kubeconfig_and_trusts_the_serving_certificate(string version)
    {
        var kubectl = Path.Combine(KubectlDirectory, $"kubectl.{version}");
        Assert.True(File.Exists(kubectl), $"{kubectl} is missing: the machine image ships kubectl 1.27 to 1.33 there");

        using var pki = ClusterCertificates.LoadOrCreate(_dir.File("pki"), [], []);
        var token = AdminToken.LoadOrCreate(_dir.Path);
        await using var server = await FakeApiServer.StartAsync(
            (ctx, req) => req.Authorization == $"Bearer {token}"
                ? FakeApiServer.WriteJsonAsync(ctx, new JsonObject { ["major"] = "1", ["minor"] = "33", ["gitVersion"] = "v1.33.0-orchestrator" })
                : FakeApiServer.WriteJsonAsync(ctx, FakeApiServer.Status(401, "Unauthorized", "Unauthorized"), 401),
            pki.ServingCertificate);
        var kubeconfig = _dir.File("admin.conf");
        Kubeconfig.Write(kubeconfig, server.Url.AbsoluteUri.TrimEnd('/'), pki.CaPem, token, "orchestrator", "admin");

        var (exit, output, error) = await RunAsync(kubectl, _dir.Path, "--kubeconfig", kubeconfig, "get", "--raw", "/version");

        Assert.True(exit == 0, $"kubectl {version} failed ({exit}): {error}");
        Assert.Equal("v1.33.0-orchestrator", JsonNode.Parse(output)!["gitVersion"]!.GetValue<string>());
        Assert.Contains(server.Requests, r => r.Path == "/version");

        var (viewExit, view, viewError) = await RunAsync(kubectl, _dir.Path, "--kubeconfig", kubeconfig, "config", "view", "--raw", "-o", "json");
        Assert.True(viewExit == 0, viewError);
        var parsed = JsonNode.Parse(view)!;
        Assert.Equal("admin@orchestrator", parsed["current-context"]!.GetValue<string>());
        Assert.Equal(token, parsed["users"]![0]!["user"]!["token"]!.GetValue<string>());
    }

    public void Dispose() => _dir.Dispose();

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, string home, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Keep the user's own kubeconfig and cache out of it.
        start.Environment.Remove("KUBECONFIG");
        start.Environment["HOME"] = home;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
