using System.Globalization;
using System.Runtime.InteropServices;

namespace Orchestrator.Kubelet.Node;

/// <summary>
/// What the kubelet reads of its machine for the Node (Kubernetes' cadvisor MachineInfo): CPUs, memory, the
/// root directory's filesystem, the machine and boot ids, the kernel and the OS image.
/// </summary>
public sealed record MachineInfo
{
    public required int CpuCount { get; init; }

    public required long MemoryBytes { get; init; }

    public required long EphemeralStorageBytes { get; init; }

    /// <summary>/etc/machine-id: the same across reboots and kubelet restarts; tells one machine from another.</summary>
    public required string MachineId { get; init; }

    public required string BootId { get; init; }

    public required string KernelVersion { get; init; }

    public required string OsImage { get; init; }

    /// <summary>The GOARCH name (amd64, arm64), as the kubernetes.io/arch label spells it.</summary>
    public required string Architecture { get; init; }

    /// <summary>Reads this machine; <paramref name="rootDir"/> is the directory whose filesystem holds pods' files.</summary>
    public static MachineInfo Read(string rootDir)
    {
        var machineId = FirstLine("/etc/machine-id") ?? FirstLine("/var/lib/dbus/machine-id") ?? Environment.MachineName;
        return new MachineInfo
        {
            CpuCount = Environment.ProcessorCount,
            MemoryBytes = MemInfo("MemTotal") ?? (long)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            EphemeralStorageBytes = FilesystemSize(rootDir),
            MachineId = machineId,
            BootId = FirstLine("/proc/sys/kernel/random/boot_id") ?? machineId,
            KernelVersion = FirstLine("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.Version.ToString(),
            OsImage = OsRelease("PRETTY_NAME") ?? RuntimeInformation.OSDescription,
            Architecture = RuntimeInformation.OSArchitecture switch
            {
                System.Runtime.InteropServices.Architecture.X64 => "amd64",
                System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
                System.Runtime.InteropServices.Architecture.X86 => "386",
                System.Runtime.InteropServices.Architecture.Arm => "arm",
                var other => other.ToString().ToLowerInvariant(),
            },
        };
    }

    /// <summary>A /proc/meminfo field in bytes (its values are in kB), or null.</summary>
    public static long? MemInfo(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    var parts = line[(field.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>The size and free bytes of the filesystem holding <paramref name="path"/> (its nearest existing ancestor).</summary>
    public static (long Total, long Available) Filesystem(string path)
    {
        var dir = Path.GetFullPath(string.IsNullOrEmpty(path) ? "/" : path);
        while (!Directory.Exists(dir) && Path.GetDirectoryName(dir) is { } parent)
        {
            dir = parent;
        }

        // DriveInfo of a directory names the mount it is on.
        var drive = DriveInfo.GetDrives()
            .Where(d => d.IsReady && (dir == d.Name || dir.StartsWith(d.Name.TrimEnd('/') + "/", StringComparison.Ordinal)))
            .OrderByDescending(d => d.Name.Length)
            .FirstOrDefault() ?? new DriveInfo("/");
        return (drive.TotalSize, drive.AvailableFreeSpace);
    }

    private static long FilesystemSize(string path) => Filesystem(path).Total;

    private static string? FirstLine(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() is { Length: > 0 } line ? line : null : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? OsRelease(string key)
    {
        try
        {
            if (!File.Exists("/etc/os-release"))
            {
                return null;
            }

            return File.ReadLines("/etc/os-release")
                .Where(l => l.StartsWith(key + "=", StringComparison.Ordinal))
                .Select(l => l[(key.Length + 1)..].Trim('"'))
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
