using System.Diagnostics;

namespace Orchestrator.Api.Tests.OpenApi;

/// <summary>Runs a real kubectl binary with its own HOME and cache directory, so nothing of the user's leaks in or out.</summary>
internal static class Kubectl
{
    public const string Directory = "/usr/lib/google-cloud-sdk/bin";

    /// <summary>The machine image's default kubectl (1.32).</summary>
    public const string Default = "/usr/bin/kubectl";

    public static string Binary(string version) => version == "default" ? Default : Path.Combine(Directory, $"kubectl.{version}");

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string binary, string home, params string[] arguments)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--cache-dir");
        start.ArgumentList.Add(Path.Combine(home, "cache"));
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
