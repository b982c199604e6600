using System.Diagnostics;

namespace Orchestrator.Controllers.Tests.TestSupport;

/// <summary>
/// The machine's real kubectl (/usr/bin/kubectl) against a <see cref="TestGateway"/> started with HTTPS, through a
/// kubeconfig with its address, CA and token (kubectl sends no token over plain HTTP).
/// </summary>
public sealed class TestKubectl : IDisposable
{
    public const string Binary = "/usr/bin/kubectl";

    private readonly string _kubeconfig;

    public TestKubectl(TestGateway gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var ca = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(gateway.CaPem ?? throw new ArgumentException("kubectl needs a gateway serving HTTPS", nameof(gateway))));
        _kubeconfig = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        File.WriteAllText(_kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {gateway.Server.Address.ToString().TrimEnd('/')}
                certificate-authority-data: {ca}
            users:
            - name: test
              user:
                token: {TestGateway.Token}
            contexts:
            - name: test
              context:
                cluster: test
                user: test
                namespace: default
            current-context: test
            """);
    }

    public static bool Installed => File.Exists(Binary);

    /// <summary>Runs kubectl; fails the test when it exits with an error or is still running after the limit.</summary>
    public async Task<string> OkAsync(TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(_kubeconfig);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
            throw new Xunit.Sdk.XunitException($"kubectl {string.Join(' ', args)} still running after {limit}:\n{await stdout}\n{await stderr}");
        }

        if (process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"kubectl {string.Join(' ', args)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }

        return await stdout;
    }

    public void Dispose() => File.Delete(_kubeconfig);
}
