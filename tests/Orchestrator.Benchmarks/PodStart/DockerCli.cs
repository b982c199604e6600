using System.Diagnostics;

namespace Orchestrator.Benchmarks.PodStart;

/// <summary>The docker command line against the project's private engine (ORCHESTRATOR_DOCKER_HOST, else scripts/setup.sh's socket).</summary>
internal static class DockerCli
{
    public static string Host =>
        Environment.GetEnvironmentVariable("ORCHESTRATOR_DOCKER_HOST") is { Length: > 0 } host ? host : "unix:///var/run/orchestrator-docker/docker.sock";

    /// <summary>Runs docker with these arguments; its stdout, or an exception with its stderr when it fails.</summary>
    public static async Task<string> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-H");
        start.ArgumentList.Add(Host);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker {string.Join(' ', args)} failed: {(await stderr).Trim()}");
        }

        return (await stdout).Trim();
    }
}
