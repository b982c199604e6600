using System.Diagnostics;

namespace Orchestrator.Kubelet.Runtime.Process;

/// <summary>Runs a short host command (<c>ip netns add</c>) asynchronously and returns what it printed.</summary>
public static class HostCommands
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return new Result(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Runs it and throws with its error output when it fails.</summary>
    public static async Task CheckedAsync(string file, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var list = args.ToList();
        var result = await RunAsync(file, list, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', list)} failed ({result.ExitCode}): {result.Stderr.Trim()}");
        }
    }
}
