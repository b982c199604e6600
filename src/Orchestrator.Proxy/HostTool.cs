using System.Diagnostics;

namespace Orchestrator.Proxy;

/// <summary>
/// Runs the host's network tools: <c>ip</c> for the Service address interface, <c>nft</c> and <c>conntrack</c> for
/// the nftables mode. The proxy drives nftables through <c>nft -f -</c>, as kube-proxy's nftables mode does (through
/// knftables), rather than speaking netlink itself: one script is one atomic transaction, and the rules read the
/// same in the code as in <c>nft list table</c>.
/// </summary>
public static class HostTool
{
    private static readonly string[] Directories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

    /// <summary>The full path of a host tool, or null when it is not installed.</summary>
    public static string? Find(string tool) =>
        Directories.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    /// <summary>Runs nft with the arguments and, when given, the script on its standard input.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> NftAsync(IReadOnlyList<string> args, string? script = null, CancellationToken cancellationToken = default) =>
        RunAsync(Find("nft") ?? "nft", args, script, cancellationToken);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string file, IReadOnlyList<string> args, string? stdin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
