using System.Diagnostics;
using Orchestrator.Kubelet.Runtime;
using Orchestrator.Kubelet.Runtime.Process;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Runtime.Process;

/// <summary>
/// The process runtime's volume mounts, run for real (root): the wrapped command sees its volumes at their mount
/// paths (read-only where asked, a child path over its parent's volume) while the machine outside sees none of them.
/// </summary>
public sealed class ProcessMountsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("orchestrator-mounts-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Without_volumes_the_command_is_left_as_it_is()
    {
        string[] argv = ["/bin/sh", "-c", "true"];
        Assert.Same(argv, ProcessMounts.Wrap([], argv));
    }

    [Fact]
    public async Task The_command_sees_its_volumes_and_the_machine_does_not()
    {
        var data = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        var config = Directory.CreateDirectory(Path.Combine(_root, "config")).FullName;
        await File.WriteAllTextAsync(Path.Combine(data, "a"), "data");
        await File.WriteAllTextAsync(Path.Combine(config, "color"), "blue");
        var target = Path.Combine(_root, "it's here");
        Directory.CreateDirectory(target);

        // Given child first: the parent is mounted first all the same, or it would hide the child.
        var argv = ProcessMounts.Wrap(
            [new Mount(config, Path.Combine(target, "sub", "config"), ReadOnly: true), new Mount(data, target, ReadOnly: false)],
            ["/bin/sh", "-c", "cat \"$1/a\" \"$1/sub/config/color\"; echo x > \"$1/sub/config/color\" 2>/dev/null && echo writable", "sh", target]);
        var start = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        // Both volumes were read; the read-only one refused the write (no "writable").
        Assert.True(output.Trim() == "datablue", output + error);
        // Outside, the target holds only the mount point made for the child volume, not the data volume's file.
        Assert.DoesNotContain(Directory.GetFileSystemEntries(target), e => Path.GetFileName(e) == "a");
        Assert.Equal("blue", await File.ReadAllTextAsync(Path.Combine(config, "color")));
    }
}
