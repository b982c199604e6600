using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Orchestrator.Kubelet.Network;

namespace Orchestrator.Kubelet.Runtime.Process;

/// <summary>
/// The embedded container runtime when no Docker engine answers: a sandbox is a named network namespace
/// (<c>ip netns add orch-ID</c>) attached through the pod network, or none for host-network pods and the host-network
/// fallback; a container is a child process run in it (<c>ip netns exec</c>) in its own session and process group
/// (setsid), with the container's environment and working directory, its output appended to raw files it holds itself
/// and copied into a CRI-format log. Images mean what <see cref="ProcessImages"/> says. State is kept on disk
/// (<see cref="ProcessStateStore"/>) so a new runtime object (a restarted kubelet) adopts the processes still running,
/// recognized by pid and start time. It only ever signals process groups it started. Volumes are bind-mounted in a
/// mount namespace of the container's own (<see cref="ProcessMounts"/>).
/// </summary>
public sealed class ProcessRuntime : IContainerRuntime, IDisposable
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private readonly ProcessRuntimeSettings _settings;
    private readonly IPodNetwork _network;
    private readonly ProcessStateStore _store;
    private readonly ProcessImages _images;
    private readonly ContainerEventHub _events = new();
    private readonly Dictionary<string, SandboxRecord> _sandboxes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContainerRecord> _containers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _exits = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    // Never disposed: supervising tasks may still look at its token after the runtime object is dropped.
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    /// <summary>Loads the state under <see cref="ProcessRuntimeSettings.StateDir"/> and adopts the processes still running.</summary>
    public ProcessRuntime(ProcessRuntimeSettings settings, IPodNetwork network)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(network);
        _settings = settings;
        _network = network;
        _store = new ProcessStateStore(settings.StateDir);
        _images = new ProcessImages(settings.Busybox);
        foreach (var sandbox in _store.LoadSandboxes())
        {
            _sandboxes[sandbox.Id] = sandbox;
            if (sandbox is { State: SandboxState.Ready, Netns: not null } && !File.Exists(sandbox.NetnsPath))
            {
                // Its namespace is gone (the machine rebooted): the kubelet must make the pod a new sandbox.
                sandbox.State = SandboxState.NotReady;
                _store.Save(sandbox);
            }

            if (sandbox is { NetworkAttached: true, Ip: { } ip } && network is HostPodNetwork host)
            {
                host.Adopt(sandbox.Id, ip);
            }
        }

        foreach (var container in _store.LoadContainers())
        {
            _containers[container.Id] = container;
            if (container.State != ContainerState.Running)
            {
                continue;
            }

            if (ProcessGroups.IsOurs(container.Pid, container.StartTicks))
            {
                Supervise(container, child: null);
            }
            else
            {
                EndedUnseen(container);
                _store.Save(container);
            }
        }
    }

    public string Name => "process";

    public Task<string> VersionAsync(CancellationToken cancellationToken) =>
        Task.FromResult($"process://{typeof(ProcessRuntime).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"}");

    public async Task<string> RunPodSandboxAsync(PodSandboxConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var id = NewId();
        var isolated = !config.HostNetwork && _network.IsolatesPods;
        var sandbox = new SandboxRecord
        {
            Id = id,
            PodUid = config.PodUid,
            PodName = config.PodName,
            PodNamespace = config.PodNamespace,
            Hostname = config.Hostname,
            HostNetwork = config.HostNetwork,
            Netns = isolated ? $"orch-{id[..12]}" : null,
            CreatedAt = DateTimeOffset.UtcNow,
            Labels = new Dictionary<string, string>(config.Labels, StringComparer.Ordinal),
            PortMappings = [.. config.PortMappings],
            PodDirectory = config.PodDirectory,
            State = SandboxState.NotReady,
            DnsEnv = DnsEnvironment(config),
        };
        if (sandbox.Netns is { } netns)
        {
            await HostCommands.CheckedAsync("ip", ["netns", "add", netns], cancellationToken).ConfigureAwait(false);
            WriteResolvConf(Path.Combine("/etc/netns", netns), config.Dns);
        }

        try
        {
            if (config.HostNetwork)
            {
                sandbox.Ip = _settings.NodeIp;
            }
            else
            {
                var result = await _network.SetUpAsync(Attachment(sandbox), cancellationToken).ConfigureAwait(false);
                sandbox.NetworkAttached = true;
                sandbox.Ip = result.Ip;
            }
        }
        catch (Exception)
        {
            await DeleteNetnsAsync(sandbox).ConfigureAwait(false);
            throw;
        }

        sandbox.State = SandboxState.Ready;
        lock (_gate)
        {
            _sandboxes[id] = sandbox;
            _store.Save(sandbox);
        }

        return id;
    }

    public async Task StopPodSandboxAsync(string sandboxId, CancellationToken cancellationToken)
    {
        var sandbox = Sandbox(sandboxId);
        if (sandbox is null)
        {
            return;
        }

        foreach (var container in ContainersOf(sandboxId))
        {
            await StopContainerAsync(container.Id, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }

        if (sandbox.NetworkAttached)
        {
            await _network.TearDownAsync(Attachment(sandbox), cancellationToken).ConfigureAwait(false);
            sandbox.NetworkAttached = false;
        }

        await DeleteNetnsAsync(sandbox).ConfigureAwait(false);
        lock (_gate)
        {
            sandbox.State = SandboxState.NotReady;
            if (_sandboxes.ContainsKey(sandboxId))
            {
                _store.Save(sandbox);
            }
        }
    }

    public async Task RemovePodSandboxAsync(string sandboxId, CancellationToken cancellationToken)
    {
        if (Sandbox(sandboxId) is not { } sandbox)
        {
            return;
        }

        await StopPodSandboxAsync(sandboxId, cancellationToken).ConfigureAwait(false);
        foreach (var container in ContainersOf(sandboxId))
        {
            await RemoveContainerAsync(container.Id, cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            _sandboxes.Remove(sandboxId);
            _store.Delete(sandbox);
        }
    }

    public Task<PodSandboxStatus?> PodSandboxStatusAsync(string sandboxId, CancellationToken cancellationToken) =>
        Task.FromResult(Sandbox(sandboxId) is { } sandbox ? ToStatus(sandbox) : null);

    public Task<IReadOnlyList<PodSandboxStatus>> ListPodSandboxesAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PodSandboxStatus>>(_sandboxes.Values
                .Where(s => s.Labels.ContainsKey(RuntimeLabels.PodUid))
                .OrderBy(s => s.CreatedAt)
                .Select(ToStatus)
                .ToList());
        }
    }

    public async Task<string> CreateContainerAsync(string sandboxId, ContainerConfig config, PodSandboxConfig sandbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        _ = Sandbox(sandboxId) ?? throw new InvalidOperationException($"no pod sandbox {sandboxId}");
        if (_images.Status(config.Image) is null)
        {
            throw ProcessImages.NotAvailable(config.Image);
        }

        var argv = await _images.ResolveAsync(config.Image, config.Command, config.Args).ConfigureAwait(false);
        var container = new ContainerRecord
        {
            Id = NewId(),
            SandboxId = sandboxId,
            Name = config.Name,
            Image = config.Image,
            Argv = [.. argv],
            Env = [.. config.Env],
            WorkingDir = string.IsNullOrEmpty(config.WorkingDir) ? null : config.WorkingDir,
            Mounts = [.. config.Mounts],
            Labels = new Dictionary<string, string>(config.Labels, StringComparer.Ordinal),
            State = ContainerState.Created,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        lock (_gate)
        {
            _containers[container.Id] = container;
            _store.Save(container);
        }

        return container.Id;
    }

    public Task StartContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        var container = Container(containerId) ?? throw new InvalidOperationException($"no container {containerId}");
        var sandbox = Sandbox(container.SandboxId) ?? throw new InvalidOperationException($"no pod sandbox {container.SandboxId}");
        if (container.State != ContainerState.Created)
        {
            throw new InvalidOperationException($"container {containerId} is {container.State}, not created");
        }

        var directory = _store.ContainerDir(container.Id);
        // The shell opens the output files for the process itself, then execs it (and ip netns exec execs the command):
        // one pid throughout, leading its own session and group, with no pipe back to the kubelet to break.
        var script = $"exec \"$@\" </dev/null >>{Quote(Path.Combine(directory, "stdout"))} 2>>{Quote(Path.Combine(directory, "stderr"))}";
        var start = StartInfo("/usr/bin/setsid", container, sandbox, ["/bin/sh", "-c", script, "sh", .. InNetns(sandbox, ProcessMounts.Wrap(container.Mounts, container.Argv))]);
        System.Diagnostics.Process child;
        try
        {
            child = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or DirectoryNotFoundException)
        {
            lock (_gate)
            {
                container.State = ContainerState.Exited;
                container.ExitCode = 128;
                container.Reason = "ContainerCannotRun";
                container.Message = e.Message;
                container.FinishedAt = DateTimeOffset.UtcNow;
                _store.Save(container);
            }

            throw new InvalidOperationException($"container {container.Name} cannot run: {e.Message}", e);
        }

        lock (_gate)
        {
            container.Pid = child.Id;
            container.StartTicks = ProcessGroups.StartTicks(child.Id) ?? 0;
            container.State = ContainerState.Running;
            container.StartedAt = DateTimeOffset.UtcNow;
            _store.Save(container);
        }

        _events.Publish(new ContainerEvent(container.Id, ContainerEventKind.Started, container.Labels));
        Supervise(container, child);
        return Task.CompletedTask;
    }

    public async Task StopContainerAsync(string containerId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var container = Container(containerId);
        if (container is null || container.State != ContainerState.Running)
        {
            return;
        }

        Task exited;
        lock (_gate)
        {
            container.StopRequested = true;
            exited = _exits.TryGetValue(containerId, out var exit) ? exit.Task : Task.CompletedTask;
        }

        if (timeout > TimeSpan.Zero)
        {
            ProcessGroups.SignalGroup(container.Pid, container.StartTicks, ProcessGroups.SigTerm);
            if (await Task.WhenAny(exited, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false) == exited)
            {
                return;
            }
        }

        ProcessGroups.SignalGroup(container.Pid, container.StartTicks, ProcessGroups.SigKill);
        await exited.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        if (Container(containerId) is not { } container)
        {
            return;
        }

        if (container.State == ContainerState.Running)
        {
            await StopContainerAsync(containerId, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            _containers.Remove(containerId);
            _store.Delete(container);
        }

        _events.Publish(new ContainerEvent(containerId, ContainerEventKind.Removed, container.Labels));
    }

    public Task<IReadOnlyList<ContainerStatus>> ListContainersAsync(string? sandboxId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ContainerStatus>>(_containers.Values
                .Where(c => (sandboxId is null || c.SandboxId == sandboxId) && c.Labels.ContainsKey(RuntimeLabels.PodUid))
                .OrderBy(c => c.CreatedAt)
                .Select(ToStatus)
                .ToList());
        }
    }

    public Task<ContainerStatus?> ContainerStatusAsync(string containerId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_containers.TryGetValue(containerId, out var container) ? ToStatus(container) : null);
        }
    }

    public async Task<ExecSyncResult> ExecSyncAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = await StartExecAsync(containerId, command).ConfigureAwait(false);
        process.StandardInput.Close();
        var stdout = CaptureAsync(process.StandardOutput.BaseStream);
        var stderr = CaptureAsync(process.StandardError.BaseStream);
        var timedOut = false;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return new ExecSyncResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), timedOut);
    }

    public async Task<IExecSession> ExecAsync(string containerId, ExecRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ProcessExecSession(await StartExecAsync(containerId, request.Command).ConfigureAwait(false), request);
    }

    public async IAsyncEnumerable<LogLine> ReadLogsAsync(string containerId, LogOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var container = Container(containerId) ?? throw new InvalidOperationException($"no container {containerId}");
        var log = new CriLogFile(_store.ContainerDir(containerId), _settings.LogMaxSize);
        bool Finished()
        {
            lock (_gate)
            {
                return container.State != ContainerState.Running || !_containers.ContainsKey(containerId);
            }
        }

        await foreach (var line in log.ReadAsync(options, Finished, _settings.PollInterval, cancellationToken).ConfigureAwait(false))
        {
            yield return line;
        }
    }

    public Task<ImageInfo?> ImageStatusAsync(string image, CancellationToken cancellationToken) =>
        Task.FromResult(_images.Status(image));

    public Task<ImageInfo> PullImageAsync(string image, CancellationToken cancellationToken) =>
        _images.Status(image) is { } info ? Task.FromResult(info) : Task.FromException<ImageInfo>(ProcessImages.NotAvailable(image));

    public IAsyncEnumerable<ContainerEvent> WatchEventsAsync(CancellationToken cancellationToken) => _events.WatchAsync(cancellationToken);

    /// <summary>Stops watching the processes; they keep running, for the next runtime object to adopt.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
        }
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static PodNetworkAttachment Attachment(SandboxRecord sandbox) =>
        new(sandbox.Id, sandbox.NetnsPath, sandbox.PodNamespace, sandbox.PodName, sandbox.PodUid, sandbox.PortMappings);

    private static IEnumerable<string> InNetns(SandboxRecord sandbox, IEnumerable<string> argv) =>
        sandbox.Netns is { } netns ? ["/usr/sbin/ip", "netns", "exec", netns, .. argv] : argv;

    /// <summary>
    /// The pod's resolver for its processes without a file system of their own: the generated resolv.conf in the pod
    /// directory (ip netns exec also mounts it over /etc/resolv.conf in the pod's namespace), and its search list and
    /// options as LOCALDOMAIN and RES_OPTIONS, which the C libraries' resolvers read over /etc/resolv.conf's.
    /// </summary>
    private static Dictionary<string, string> DnsEnvironment(PodSandboxConfig config)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (config.Dns is not { } dns || config.PodDirectory.Length == 0)
        {
            return env;
        }

        WriteResolvConf(config.PodDirectory, dns);
        env["ORCHESTRATOR_RESOLV_CONF"] = Path.Combine(config.PodDirectory, "resolv.conf");
        if (dns.Searches.Count > 0)
        {
            env["LOCALDOMAIN"] = string.Join(' ', dns.Searches);
        }

        if (dns.Options.Count > 0)
        {
            env["RES_OPTIONS"] = string.Join(' ', dns.Options);
        }

        return env;
    }

    private static void WriteResolvConf(string directoryPath, DnsConfig? dns)
    {
        if (dns is null)
        {
            return;
        }

        // ip netns exec bind-mounts /etc/netns/NAME/* over /etc: the pod's own resolv.conf.
        var directory = Directory.CreateDirectory(directoryPath).FullName;
        var lines = dns.Nameservers.Select(n => $"nameserver {n}")
            .Concat(dns.Searches.Count > 0 ? [$"search {string.Join(' ', dns.Searches)}"] : [])
            .Concat(dns.Options.Count > 0 ? [$"options {string.Join(' ', dns.Options)}"] : []);
        File.WriteAllLines(Path.Combine(directory, "resolv.conf"), lines);
    }

    private static async Task DeleteNetnsAsync(SandboxRecord sandbox)
    {
        if (sandbox.Netns is not { } netns)
        {
            return;
        }

        if (File.Exists(sandbox.NetnsPath))
        {
            await HostCommands.RunAsync("ip", ["netns", "delete", netns], CancellationToken.None).ConfigureAwait(false);
        }

        var etc = Path.Combine("/etc/netns", netns);
        if (Directory.Exists(etc))
        {
            Directory.Delete(etc, recursive: true);
        }
    }

    private static void EndedUnseen(ContainerRecord container)
    {
        // It ended while no runtime object watched it, so its exit status is lost: Kubernetes' words for that.
        container.State = ContainerState.Exited;
        container.ExitCode = 137;
        container.Reason = "ContainerStatusUnknown";
        container.Message = "The container could not be located when the runtime restarted";
        container.FinishedAt ??= DateTimeOffset.UtcNow;
    }

    private static ProcessStartInfo StartInfo(string file, ContainerRecord container, SandboxRecord sandbox, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            WorkingDirectory = container.WorkingDir ?? "/",
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The container's environment only, as a container engine gives it: not the kubelet's.
        start.Environment.Clear();
        start.Environment["PATH"] = DefaultPath;
        start.Environment["HOSTNAME"] = sandbox.Hostname;
        foreach (var (name, value) in sandbox.DnsEnv)
        {
            start.Environment[name] = value;
        }

        foreach (var (name, value) in container.Env)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private async Task<System.Diagnostics.Process> StartExecAsync(string containerId, IReadOnlyList<string> command)
    {
        var container = Container(containerId) ?? throw new InvalidOperationException($"no container {containerId}");
        var sandbox = Sandbox(container.SandboxId) ?? throw new InvalidOperationException($"no pod sandbox {container.SandboxId}");
        if (container.State != ContainerState.Running)
        {
            throw new InvalidOperationException($"container {container.Name} is not running");
        }

        var resolved = await _images.ResolveExecAsync(container.Image, command).ConfigureAwait(false);
        // A container with volumes has a mount namespace of its own: commands join it (and its network namespace) there.
        var argv = container.Mounts.Count == 0 ? InNetns(sandbox, resolved).ToList()
            : ProcessGroups.IsOurs(container.Pid, container.StartTicks) ? ProcessMounts.Enter(container.Pid, container.WorkingDir, resolved)
            : throw new InvalidOperationException($"container {container.Name} is not running");
        var start = StartInfo(argv[0], container, sandbox, argv.Skip(1));
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        return System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("the command did not start");
    }

    private async Task<byte[]> CaptureAsync(Stream stream)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            var room = _settings.ExecOutputLimit - (int)kept.Length;
            kept.Write(buffer, 0, Math.Min(room, read));
        }

        return kept.ToArray();
    }

    /// <summary>Copies the container's output into its log until it exits, then records how it ended.</summary>
    private void Supervise(ContainerRecord container, System.Diagnostics.Process? child)
    {
        var exit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _exits[container.Id] = exit;
        }

        var token = _stopping.Token;
        _ = Task.Run(async () =>
        {
            var directory = _store.ContainerDir(container.Id);
            var log = new CriLogFile(directory, _settings.LogMaxSize);
            var lastSave = DateTimeOffset.UtcNow;
            var exited = child?.WaitForExitAsync(CancellationToken.None);
            try
            {
                while (child is not null ? !child.HasExited : ProcessGroups.IsOurs(container.Pid, container.StartTicks))
                {
                    CopyOutput(container, directory, log, final: false, ref lastSave);
                    var tick = Task.Delay(_settings.PollInterval, token);
                    await (exited is null ? tick : Task.WhenAny(exited, tick)).ConfigureAwait(false);
                    if (token.IsCancellationRequested)
                    {
                        return;
                    }
                }

                CopyOutput(container, directory, log, final: true, ref lastSave);
                lock (_gate)
                {
                    if (child is not null)
                    {
                        container.ExitCode = child.ExitCode;
                        container.Reason = child.ExitCode == 0 ? "Completed" : "Error";
                        container.State = ContainerState.Exited;
                        container.FinishedAt = DateTimeOffset.UtcNow;
                    }
                    else
                    {
                        EndedUnseen(container);
                    }

                    if (_containers.ContainsKey(container.Id))
                    {
                        _store.Save(container);
                    }
                }

                _events.Publish(new ContainerEvent(container.Id, ContainerEventKind.Exited, container.Labels));
            }
            catch (OperationCanceledException)
            {
                // The runtime object was disposed; the process runs on for the next one to adopt.
            }
            finally
            {
                child?.Dispose();
                exit.TrySetResult();
            }
        }, CancellationToken.None);
    }

    private void CopyOutput(ContainerRecord container, string directory, CriLogFile log, bool final, ref DateTimeOffset lastSave)
    {
        lock (_gate)
        {
            if (!_containers.ContainsKey(container.Id) || !Directory.Exists(directory))
            {
                return;
            }

            // Offsets are saved at most once a second: after a restart a few lines may be logged twice, never lost.
            if (ContainerOutputCopier.Copy(container, directory, log, final) && (final || DateTimeOffset.UtcNow - lastSave > TimeSpan.FromSeconds(1)))
            {
                _store.Save(container);
                lastSave = DateTimeOffset.UtcNow;
            }
        }
    }

    private SandboxRecord? Sandbox(string id)
    {
        lock (_gate)
        {
            return _sandboxes.GetValueOrDefault(id);
        }
    }

    private ContainerRecord? Container(string id)
    {
        lock (_gate)
        {
            return _containers.GetValueOrDefault(id);
        }
    }

    private List<ContainerRecord> ContainersOf(string sandboxId)
    {
        lock (_gate)
        {
            return _containers.Values.Where(c => c.SandboxId == sandboxId).ToList();
        }
    }

    private static PodSandboxStatus ToStatus(SandboxRecord sandbox) => new()
    {
        Id = sandbox.Id,
        PodUid = sandbox.PodUid,
        PodName = sandbox.PodName,
        PodNamespace = sandbox.PodNamespace,
        State = sandbox.State,
        Ip = sandbox.Ip,
        CreatedAt = sandbox.CreatedAt,
        Labels = new Dictionary<string, string>(sandbox.Labels, StringComparer.Ordinal),
    };

    private ContainerStatus ToStatus(ContainerRecord container) => new()
    {
        Id = container.Id,
        SandboxId = container.SandboxId,
        Name = container.Name,
        State = container.State,
        Image = container.Image,
        ImageRef = _images.Status(container.Image)?.Id ?? "",
        CreatedAt = container.CreatedAt,
        StartedAt = container.StartedAt,
        FinishedAt = container.FinishedAt,
        ExitCode = container.ExitCode,
        Reason = container.Reason,
        Message = container.Message,
        Labels = new Dictionary<string, string>(container.Labels, StringComparer.Ordinal),
    };
}
