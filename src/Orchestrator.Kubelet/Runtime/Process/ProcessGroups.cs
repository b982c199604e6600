using System.Globalization;
using System.Runtime.InteropServices;

namespace Orchestrator.Kubelet.Runtime.Process;

/// <summary>
/// Signals to the process groups the runtime made, and the identity check that keeps it from signalling anyone
/// else's: a pid only counts as ours while /proc/PID/stat shows the start time recorded when we started it.
/// </summary>
public static class ProcessGroups
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>The process's start time in clock ticks since boot, or null when there is no such process.</summary>
    public static long? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the name: state is field 3, so starttime (field 22) is at index 19; a zombie has exited already.
            return fields[0] == "Z" ? null : long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Whether the process we started (<paramref name="pid"/> at <paramref name="startTicks"/>) still runs.</summary>
    public static bool IsOurs(int pid, long startTicks) => pid > 0 && StartTicks(pid) == startTicks;

    /// <summary>Signals the whole process group led by <paramref name="pid"/>, only while the leader is still ours.</summary>
    public static bool SignalGroup(int pid, long startTicks, int signal) =>
        IsOurs(pid, startTicks) && Kill(-pid, signal) == 0;

    // DllImport rather than LibraryImport: the source generator needs unsafe code, and kill(2) marshals nothing.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
