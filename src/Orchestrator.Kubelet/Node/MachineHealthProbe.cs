using System.Globalization;

namespace Orchestrator.Kubelet.Node;

/// <summary>
/// The node's pressures from the machine, against Kubernetes' default hard eviction thresholds:
/// memory.available &lt; 100Mi, nodefs.available &lt; 10% (of the root dir's filesystem), and for PIDs fewer
/// than 10% of pid_max left (Kubernetes has no default pid.available threshold; this is ours).
/// </summary>
public sealed class MachineHealthProbe(string rootDir) : INodeHealthProbe
{
    private const long MemoryAvailableThreshold = 100L * 1024 * 1024;

    public NodeHealth Read()
    {
        var memory = MachineInfo.MemInfo("MemAvailable") is { } available && available < MemoryAvailableThreshold;
        var (total, free) = MachineInfo.Filesystem(rootDir);
        var disk = total > 0 && free < total / 10;
        return new NodeHealth(memory, disk, PidPressure());
    }

    private static bool PidPressure()
    {
        try
        {
            var max = long.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), CultureInfo.InvariantCulture);
            var running = Directory.EnumerateDirectories("/proc").Count(d => Path.GetFileName(d).All(char.IsAsciiDigit));
            return max - running < max / 10;
        }
        catch (IOException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
