using System.Diagnostics;

namespace Orchestrator.Kubelet.Tests.TestSupport;

/// <summary>Runs a real kubectl binary against a kubeconfig, with optional stdin, killed after a time limit.</summary>
public sealed class KubectlRunner(string binary, string kubeconfig)
{
    public const string V132 = "/usr/bin/kubectl";
    public const string V127 = "/usr/lib/google-cloud-sdk/bin/kubectl.1.27";

    public string Binary { get; } = binary;

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string? stdin, TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
            throw new Xunit.Sdk.XunitException($"kubectl {string.Join(' ', args)} still ran after {limit}: {await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(null, TimeSpan.FromSeconds(60), args);

    /// <summary>Runs the binary with exactly these arguments (no --kubeconfig added): for wrappers such as script(1).</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunRawAsync(TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new Xunit.Sdk.XunitException($"{Binary} {string.Join(' ', args)} still ran after {limit}: {await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Writes a kubeconfig for a server with a token, trusting the given CA.</summary>
    public static string WriteKubeconfig(string directory, Uri server, string token, string caPem)
    {
        var path = Path.Combine(directory, "kubeconfig");
        var ca = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(caPem));
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {server.ToString().TrimEnd('/')}
                certificate-authority-data: {ca}
            users:
            - name: admin
              user:
                token: {token}
            contexts:
            - name: test
              context: {"{"}cluster: test, user: admin, namespace: default{"}"}
            current-context: test
            """);
        return path;
    }
}
