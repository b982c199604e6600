namespace Orchestrator.Kubelet.Runtime.Process;

/// <summary>
/// What an image means to the process runtime, which has no image store and no registry:
/// <list type="bullet">
/// <item><c>host</c> (or <c>host:TAG</c>): the command runs with the machine's own binaries, found through PATH; there
/// is no entrypoint, so a container must give a command.</item>
/// <item><c>busybox:local</c> (also <c>busybox</c>, <c>busybox:latest</c>): busybox-static's applets, so manifests
/// written for the Docker runtime's <c>busybox:local</c> run unchanged: a command whose name (or path's last part) is an
/// applet runs as that applet (<c>sh -c …</c>, <c>/bin/sleep 5</c>, <c>httpd -f</c>); the entrypoint is <c>sh</c>.</item>
/// </list>
/// Any other image cannot be pulled (<see cref="ImagePullException"/>). There is no filesystem isolation: a container
/// sees the node's files.
/// </summary>
public sealed class ProcessImages(string busybox)
{
    private readonly Lazy<Task<HashSet<string>>> _applets = new(() => ListAppletsAsync(busybox));

    /// <summary>The kind of a known image, or null for one the runtime cannot run.</summary>
    public static string? KindOf(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var name = image.StartsWith("docker.io/library/", StringComparison.Ordinal) ? image["docker.io/library/".Length..] : image;
        return name switch
        {
            "host" => "host",
            _ when name.StartsWith("host:", StringComparison.Ordinal) => "host",
            "busybox" or "busybox:local" or "busybox:latest" => "busybox",
            _ => null,
        };
    }

    /// <summary>The image as present on the node, or null.</summary>
    public ImageInfo? Status(string image) => KindOf(image) switch
    {
        "host" => new ImageInfo("process://host", [image], 0),
        "busybox" when File.Exists(busybox) => new ImageInfo("process://busybox-static", [image], new FileInfo(busybox).Length),
        _ => null,
    };

    /// <summary>
    /// The argv a container runs: command (else the image's entrypoint) followed by args, with busybox applets mapped.
    /// </summary>
    /// <exception cref="ImagePullException">The image is not one the runtime knows.</exception>
    /// <exception cref="InvalidOperationException">Nothing to run (a <c>host</c> container without a command).</exception>
    public async Task<IReadOnlyList<string>> ResolveAsync(string image, IReadOnlyList<string> command, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(args);
        var kind = KindOf(image) ?? throw NotAvailable(image);
        // Like the Docker image of the same name (an imported rootfs: no entrypoint), args alone are the command
        // line; busybox's own image runs sh when given nothing at all.
        var argv = command.Count > 0 ? [.. command, .. args] : args.Count > 0 ? args.ToList() : kind == "busybox" ? ["sh"] : [];
        if (argv.Count == 0)
        {
            throw new InvalidOperationException($"image {image} has no entrypoint: the container needs a command");
        }

        return kind == "busybox" ? await MapAppletAsync(argv).ConfigureAwait(false) : argv;
    }

    /// <summary>A command for exec in a container of <paramref name="image"/>, mapped as the container's own command is.</summary>
    public async Task<IReadOnlyList<string>> ResolveExecAsync(string image, IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0)
        {
            throw new InvalidOperationException("exec needs a command");
        }

        return KindOf(image) == "busybox" ? await MapAppletAsync(command).ConfigureAwait(false) : command;
    }

    public static ImagePullException NotAvailable(string image) => new(
        $"image \"{image}\" is not available to the process runtime: it runs only \"host\" (the node's own binaries) and \"busybox:local\" (busybox-static's applets), and pulls from no registry");

    private async Task<List<string>> MapAppletAsync(IReadOnlyList<string> argv)
    {
        var name = Path.GetFileName(argv[0]);
        return (await _applets.Value.ConfigureAwait(false)).Contains(name) ? [busybox, name, .. argv.Skip(1)] : [.. argv];
    }

    private static async Task<HashSet<string>> ListAppletsAsync(string busybox)
    {
        // Asked once per runtime: busybox prints its applets one a line.
        if (!File.Exists(busybox))
        {
            return [];
        }

        using var list = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(busybox, "--list")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        });
        if (list is null)
        {
            return [];
        }

        var names = (await list.StandardOutput.ReadToEndAsync().ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        await list.WaitForExitAsync().ConfigureAwait(false);
        return new HashSet<string>(names, StringComparer.Ordinal);
    }
}
