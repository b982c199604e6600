using System.Diagnostics;

namespace Orchestrator.Kubelet.Tests.TestSupport;

/// <summary>Runs a command on the test machine (ip, busybox) and returns what it printed; the network tests inspect the host with it.</summary>
public static class HostCommand
{
    public sealed record Output(int ExitCode, string Stdout, string Stderr);

    public static async Task<Output> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Output(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs it and fails the test when it exits non-zero.</summary>
    public static async Task<string> CheckedAsync(string file, params string[] args)
    {
        var output = await RunAsync(file, args);
        return output.ExitCode == 0
            ? output.Stdout
            : throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {output.ExitCode}: {output.Stderr}{output.Stdout}");
    }

    /// <summary>The network namespaces `ip netns` lists.</summary>
    public static async Task<IReadOnlyList<string>> NetnsAsync() =>
        (await CheckedAsync("ip", "netns", "list")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToList();

    /// <summary>The interfaces enslaved to a bridge.</summary>
    public static async Task<IReadOnlyList<string>> BridgePortsAsync(string bridge)
    {
        var output = await RunAsync("ip", "-o", "link", "show", "master", bridge);
        return output.ExitCode != 0 ? [] : output.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[1].Trim().Split('@')[0]).ToList();
    }
}
