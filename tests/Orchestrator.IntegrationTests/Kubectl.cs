using System.Diagnostics;

namespace Orchestrator.IntegrationTests;

/// <summary>Runs a real kubectl binary against a cluster's admin.conf.</summary>
public sealed class Kubectl(string binary, string kubeconfig)
{
    public const string V132 = "/usr/bin/kubectl";
    public const string V127 = "/usr/lib/google-cloud-sdk/bin/kubectl.1.27";

    public string Binary { get; } = binary;

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs, killing kubectl if it is still running after <paramref name="limit"/>; says whether it had to.</summary>
    public async Task<(int ExitCode, string Stderr, bool Killed)> RunWithinAsync(TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            return (process.ExitCode, await stderr, false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stderr, true);
        }
    }

    /// <summary>Runs and asserts success, returning stdout.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args);
        if (code != 0)
        {
            throw new Xunit.Sdk.XunitException($"kubectl {string.Join(' ', args)} exited {code}:\n{stdout}\n{stderr}");
        }

        return stdout;
    }

    /// <summary>Starts a long-running kubectl (e.g. get --watch) that is killed after <paramref name="duration"/>.</summary>
    public async Task<string> RunForAsync(TimeSpan duration, Func<Task> meanwhile, params string[] args)
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await meanwhile();
        await Task.Delay(duration);
        process.Kill();
        await process.WaitForExitAsync();
        return await stdout;
    }
}
