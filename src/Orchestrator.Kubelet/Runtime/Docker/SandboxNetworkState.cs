namespace Orchestrator.Kubelet.Runtime.Docker;

/// <summary>
/// A sandbox's pod IP, kept in a file in its pod directory: Docker labels are fixed at creation, before the
/// pod network has given the address, and a restarted kubelet must still know it.
/// </summary>
internal static class SandboxNetworkState
{
    private static string PathFor(string podDirectory, string sandboxId) =>
        System.IO.Path.Combine(podDirectory, $"sandbox-{sandboxId}.ip");

    public static async Task WriteAsync(string podDirectory, string sandboxId, string ip, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(podDirectory);
        var path = PathFor(podDirectory, sandboxId);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, ip, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    public static string? Read(string? podDirectory, string sandboxId)
    {
        if (string.IsNullOrEmpty(podDirectory))
        {
            return null;
        }

        try
        {
            var ip = File.ReadAllText(PathFor(podDirectory, sandboxId)).Trim();
            return ip.Length == 0 ? null : ip;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public static void Delete(string? podDirectory, string sandboxId)
    {
        if (!string.IsNullOrEmpty(podDirectory))
        {
            File.Delete(PathFor(podDirectory, sandboxId));
        }
    }
}
