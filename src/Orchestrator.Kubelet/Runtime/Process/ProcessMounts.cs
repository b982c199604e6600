using System.Globalization;

namespace Orchestrator.Kubelet.Runtime.Process;

/// <summary>
/// Volumes for the process runtime: the container's command runs in a mount namespace of its own
/// (<c>unshare --mount --propagation slave</c>, so the host's later mounts still reach it and its own never leave it),
/// where a short shell script bind-mounts each volume's host directory or file at its mountPath (remounted read-only
/// when asked), parents before children, then execs the command — one pid throughout. Commands of <c>kubectl exec</c>
/// and exec probes join that namespace with <c>nsenter</c>. A container shares the machine's filesystem, so a mount
/// point that does not exist there is created on the machine (an empty directory, or an empty file for a file
/// volume) and stays after the pod; only the mounts themselves are the container's alone.
/// </summary>
public static class ProcessMounts
{
    // Each mount: create the mount point when missing, bind the source over it, make it read-only when asked.
    private const string Script = """
        set -e
        m() {
          if [ ! -e "$2" ]; then
            if [ -d "$1" ]; then mkdir -p "$2"; else mkdir -p "$(dirname "$2")"; : >>"$2"; fi
          fi
          mount --bind "$1" "$2"
          if [ "$3" = ro ]; then mount -o remount,bind,ro "$2"; fi
        }
        """;

    /// <summary>The command line that mounts <paramref name="mounts"/> and then runs <paramref name="argv"/>; argv itself without mounts.</summary>
    public static IReadOnlyList<string> Wrap(IReadOnlyList<Mount> mounts, IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        if (mounts.Count == 0)
        {
            return argv;
        }

        var lines = mounts
            .OrderBy(m => m.ContainerPath.TrimEnd('/').Count(c => c == '/'))
            .Select(m => $"m {Quote(m.HostPath)} {Quote(m.ContainerPath)} {(m.ReadOnly ? "ro" : "rw")}");
        var script = string.Join('\n', [Script, .. lines, "exec \"$@\""]);
        return ["/usr/bin/unshare", "--mount", "--propagation", "slave", "/bin/sh", "-c", script, "sh", .. argv];
    }

    /// <summary>The command line that runs <paramref name="argv"/> in the mount and network namespaces of process <paramref name="pid"/>.</summary>
    public static List<string> Enter(int pid, string? workingDir, IEnumerable<string> argv) =>
        ["/usr/bin/nsenter", "--target", pid.ToString(CultureInfo.InvariantCulture), "--mount", "--net", $"--wd={workingDir ?? "/"}", "--", .. argv];

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
