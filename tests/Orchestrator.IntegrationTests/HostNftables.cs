using System.Diagnostics;

namespace Orchestrator.IntegrationTests;

/// <summary>What the host's nftables holds, for tests of the service proxy's nftables mode.</summary>
public static class HostNftables
{
    /// <summary>`nft list tables`: one "table FAMILY NAME" line each.</summary>
    public static async Task<string> TablesAsync()
    {
        using var nft = Process.Start(new ProcessStartInfo("nft", "list tables") { RedirectStandardOutput = true })!;
        var tables = await nft.StandardOutput.ReadToEndAsync();
        await nft.WaitForExitAsync();
        return tables;
    }
}
