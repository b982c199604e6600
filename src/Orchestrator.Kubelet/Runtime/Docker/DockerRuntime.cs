using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;
using Orchestrator.Kubelet.Network;

namespace Orchestrator.Kubelet.Runtime.Docker;

/// <summary>
/// The CRI on the Docker Engine (what dockershim and cri-dockerd do): a pod's sandbox is a small container whose
/// network namespace the pod network sets up and whose network and IPC namespaces the app containers join
/// (<c>container:&lt;sandbox&gt;</c>). Everything it creates carries <see cref="RuntimeLabels"/> with this node's
/// name, and it only ever lists or touches containers with them.
/// </summary>
/// <remarks>
/// Docker.DotNet 3.125.15 is used unversioned (no /v1.xx prefix), so the engine answers at its own API version
/// (Debian's 20.10 engine: 1.41); the models are newer than that, and every field used here exists in 1.41.
/// </remarks>
public sealed class DockerRuntime : IContainerRuntime, IDisposable
{
    // CPU shares and CFS quota exactly as the kubelet computes them (MinShares 2, 100 ms period, quota at least 1 ms).
    private const long CpuPeriodMicros = 100_000;
    private const long MinCpuShares = 2;
    private const long MinCpuQuotaMicros = 1_000;

    private readonly DockerRuntimeOptions _options;
    private readonly IPodNetwork _network;
    private readonly DockerClientConfiguration _configuration;
    private readonly DockerClient _client;

    public DockerRuntime(DockerRuntimeOptions options, IPodNetwork network)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(network);
        _options = options;
        _network = network;
        _configuration = new DockerClientConfiguration(new Uri(_options.Endpoint), defaultTimeout: _options.RequestTimeout);
        _client = _configuration.CreateClient();
    }

    public string Name => "docker";

    /// <summary>Whether an engine answers at <paramref name="endpoint"/> within <paramref name="timeout"/> (for runtime = auto).</summary>
    public static async Task<bool> AnswersAsync(string endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var configuration = new DockerClientConfiguration(new Uri(endpoint), defaultTimeout: timeout);
        using var probe = configuration.CreateClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await probe.System.PingAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or DockerApiException or TimeoutException or System.Net.Sockets.SocketException ||
                                  (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var version = await _client.System.GetVersionAsync(cancellationToken).ConfigureAwait(false);
        return $"docker://{version.Version}";
    }

    public Task<string> RunPodSandboxAsync(PodSandboxConfig config, CancellationToken cancellationToken) =>
        RunPodSandboxAsync(config, _ => { }, cancellationToken);

    /// <remarks>
    /// <paramref name="created"/> is called once the sandbox container exists: the engine lets a container join a
    /// created sandbox's namespaces (<c>container:&lt;id&gt;</c>), and checks they exist only when it starts.
    /// </remarks>
    public async Task<string> RunPodSandboxAsync(PodSandboxConfig config, Action<string> created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(created);
        Directory.CreateDirectory(config.PodDirectory);
        var labels = new Dictionary<string, string>(config.Labels)
        {
            [RuntimeLabels.PodUid] = config.PodUid,
            [RuntimeLabels.PodName] = config.PodName,
            [RuntimeLabels.PodNamespace] = config.PodNamespace,
            [RuntimeLabels.ContainerName] = RuntimeLabels.SandboxContainerName,
            [RuntimeLabels.NodeName] = _options.NodeName,
            [DockerLabels.Type] = DockerLabels.TypeSandbox,
            [DockerLabels.PodDirectory] = config.PodDirectory,
        };
        if (config.HostNetwork)
        {
            labels[DockerLabels.HostNetwork] = "true";
        }

        var hasCommand = _options.PodInfraCommand.Count > 0;
        var parameters = new CreateContainerParameters
        {
            Name = ContainerName(RuntimeLabels.SandboxContainerName, config),
            Image = _options.PodInfraImage,
            Cmd = hasCommand ? _options.PodInfraCommand.ToList() : null,
            // A host-network pod has the node's hostname, as in Kubernetes.
            Hostname = config.HostNetwork ? null : config.Hostname,
            Labels = labels,
            HostConfig = new HostConfig
            {
                NetworkMode = config.HostNetwork ? "host" : "none",
                // The app containers join the sandbox's IPC namespace.
                IpcMode = "shareable",
                // docker-init as PID 1 passes SIGTERM on, so the sandbox stops at once.
                Init = hasCommand ? true : null,
            },
        };
        var id = await Engine("creating the pod sandbox", () => _client.Containers.CreateContainerAsync(parameters, cancellationToken))
            .ConfigureAwait(false);
        try
        {
            // The pod's resolv.conf first: the containers bind-mount it, and may be created from now on.
            if (config.Dns is { } dns)
            {
                await File.WriteAllTextAsync(ResolvConfPath(config), ResolvConf(dns), cancellationToken).ConfigureAwait(false);
            }

            created(id.ID);
            await Engine("starting the pod sandbox", () => _client.Containers.StartContainerAsync(id.ID, new ContainerStartParameters(), cancellationToken))
                .ConfigureAwait(false);
            if (!config.HostNetwork)
            {
                var inspect = await _client.Containers.InspectContainerAsync(id.ID, cancellationToken).ConfigureAwait(false);
                if (inspect.State is not { Running: true, Pid: > 0 })
                {
                    throw new InvalidOperationException($"the pod sandbox {id.ID} is not running ({inspect.State?.Status}): {inspect.State?.Error}");
                }

                var result = await _network.SetUpAsync(Attachment(id.ID, NetnsPath(inspect.State.Pid), config), cancellationToken)
                    .ConfigureAwait(false);
                await SandboxNetworkState.WriteAsync(config.PodDirectory, id.ID, result.Ip, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // A sandbox without its network is of no use: take it down (network included) before reporting the failure.
            await RemovePodSandboxAsync(id.ID, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return id.ID;
    }

    public async Task StopPodSandboxAsync(string sandboxId, CancellationToken cancellationToken)
    {
        var sandbox = await InspectOrNullAsync(sandboxId, cancellationToken).ConfigureAwait(false);
        if (sandbox is null)
        {
            return;
        }

        // The kubelet stopped the containers with their grace periods already; whatever still runs is killed.
        var containers = await ListLabelledAsync(DockerLabels.TypeContainer, sandboxId, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(containers.Select(c => StopContainerAsync(c.ID, TimeSpan.Zero, cancellationToken))).ConfigureAwait(false);

        var labels = new Dictionary<string, string>(sandbox.Config?.Labels ?? new Dictionary<string, string>());
        var podDirectory = labels.GetValueOrDefault(DockerLabels.PodDirectory);
        var running = sandbox.State is { Running: true, Pid: > 0 };
        if (!labels.ContainsKey(DockerLabels.HostNetwork) &&
            (running || SandboxNetworkState.Read(podDirectory, sandboxId) is not null))
        {
            // CNI DEL while the namespace still exists; after the sandbox died an empty netns still frees the address.
            var attachment = new PodNetworkAttachment(
                sandboxId,
                running ? NetnsPath(sandbox.State!.Pid) : "",
                labels.GetValueOrDefault(RuntimeLabels.PodNamespace, ""),
                labels.GetValueOrDefault(RuntimeLabels.PodName, ""),
                labels.GetValueOrDefault(RuntimeLabels.PodUid, ""),
                []);
            await _network.TearDownAsync(attachment, cancellationToken).ConfigureAwait(false);
            SandboxNetworkState.Delete(podDirectory, sandboxId);
        }

        await StopContainerAsync(sandboxId, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
    }

    public async Task RemovePodSandboxAsync(string sandboxId, CancellationToken cancellationToken)
    {
        var sandbox = await InspectOrNullAsync(sandboxId, cancellationToken).ConfigureAwait(false);
        if (sandbox is not null)
        {
            await StopPodSandboxAsync(sandboxId, cancellationToken).ConfigureAwait(false);
        }

        var containers = await ListLabelledAsync(DockerLabels.TypeContainer, sandboxId, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(containers.Select(c => RemoveContainerAsync(c.ID, cancellationToken))).ConfigureAwait(false);
        await RemoveContainerAsync(sandboxId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<PodSandboxStatus?> PodSandboxStatusAsync(string sandboxId, CancellationToken cancellationToken)
    {
        var sandbox = await InspectOrNullAsync(sandboxId, cancellationToken).ConfigureAwait(false);
        if (sandbox?.Config?.Labels is not { } labels || !labels.TryGetValue(DockerLabels.Type, out var type) || type != DockerLabels.TypeSandbox)
        {
            return null;
        }

        return SandboxStatus(sandbox.ID, sandbox.State?.Status, DockerContainerStatuses.ToUtc(sandbox.Created), labels);
    }

    public Task<IReadOnlyList<PodSandboxStatus>> ListPodSandboxesAsync(CancellationToken cancellationToken) =>
        ListSandboxesAsync(null, cancellationToken);

    /// <summary>The engine filters on the pod-uid label, so a pod's sync does not read every sandbox of the node.</summary>
    public Task<IReadOnlyList<PodSandboxStatus>> ListPodSandboxesAsync(string podUid, CancellationToken cancellationToken) =>
        ListSandboxesAsync(podUid, cancellationToken);

    private async Task<IReadOnlyList<PodSandboxStatus>> ListSandboxesAsync(string? podUid, CancellationToken cancellationToken)
    {
        var sandboxes = await ListLabelledAsync(DockerLabels.TypeSandbox, null, cancellationToken, podUid).ConfigureAwait(false);
        return sandboxes
            .Select(s => SandboxStatus(s.ID, s.State, DockerContainerStatuses.ToUtc(s.Created), s.Labels ?? new Dictionary<string, string>()))
            .ToList();
    }

    public async Task<string> CreateContainerAsync(string sandboxId, ContainerConfig config, PodSandboxConfig sandbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(sandbox);
        var labels = new Dictionary<string, string>(config.Labels)
        {
            [RuntimeLabels.PodUid] = sandbox.PodUid,
            [RuntimeLabels.PodName] = sandbox.PodName,
            [RuntimeLabels.PodNamespace] = sandbox.PodNamespace,
            [RuntimeLabels.ContainerName] = config.Name,
            [RuntimeLabels.NodeName] = _options.NodeName,
            [DockerLabels.Type] = DockerLabels.TypeContainer,
            [DockerLabels.SandboxId] = sandboxId,
        };
        var mounts = config.Mounts
            .Select(m => new global::Docker.DotNet.Models.Mount { Type = "bind", Source = m.HostPath, Target = m.ContainerPath, ReadOnly = m.ReadOnly })
            .ToList();
        if (sandbox.Dns is not null)
        {
            mounts.Add(new global::Docker.DotNet.Models.Mount { Type = "bind", Source = ResolvConfPath(sandbox), Target = "/etc/resolv.conf", ReadOnly = true });
        }

        var hostConfig = new HostConfig
        {
            // The pod's network (and hostname) and IPC are the sandbox's; its PID namespace stays the container's own,
            // as in Kubernetes without shareProcessNamespace.
            NetworkMode = $"container:{sandboxId}",
            IpcMode = $"container:{sandboxId}",
            Mounts = mounts,
            CPUShares = Math.Max(MinCpuShares, (config.CpuRequestMillis ?? config.CpuLimitMillis ?? 0) * 1024 / 1000),
        };
        if (config.CpuLimitMillis is { } cpuLimit)
        {
            hostConfig.CPUPeriod = CpuPeriodMicros;
            hostConfig.CPUQuota = Math.Max(MinCpuQuotaMicros, cpuLimit * CpuPeriodMicros / 1000);
        }

        if (config.MemoryLimitBytes is { } memory)
        {
            // No swap on top of the limit, as the kubelet configures it.
            hostConfig.Memory = memory;
            hostConfig.MemorySwap = memory;
        }

        var parameters = new CreateContainerParameters
        {
            Name = ContainerName(config.Name, sandbox),
            Image = config.Image,
            // Kubernetes' command replaces the image's entrypoint (and drops its cmd); args replace its cmd.
            Entrypoint = config.Command.Count > 0 ? config.Command.ToList() : null,
            Cmd = config.Args.Count > 0 ? config.Args.ToList() : null,
            WorkingDir = string.IsNullOrEmpty(config.WorkingDir) ? null : config.WorkingDir,
            Env = config.Env.Select(e => $"{e.Key}={e.Value}").ToList(),
            Labels = labels,
            Tty = config.Tty,
            OpenStdin = config.Stdin,
            HostConfig = hostConfig,
        };
        var created = await Engine($"creating container {config.Name}", () => _client.Containers.CreateContainerAsync(parameters, cancellationToken))
            .ConfigureAwait(false);
        return created.ID;
    }

    public Task StartContainerAsync(string containerId, CancellationToken cancellationToken) =>
        Engine("starting the container", () => _client.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), cancellationToken));

    public async Task StopContainerAsync(string containerId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Our own stop rather than the engine's: its timeout is whole seconds and its HTTP call outlives the client's timeout.
        var inspect = await InspectOrNullAsync(containerId, cancellationToken).ConfigureAwait(false);
        if (inspect?.State is not { Running: true })
        {
            return;
        }

        if (timeout > TimeSpan.Zero)
        {
            var signal = string.IsNullOrEmpty(inspect.Config?.StopSignal) ? "SIGTERM" : inspect.Config.StopSignal;
            if (!await KillAsync(containerId, signal, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(timeout);
            try
            {
                await _client.Containers.WaitContainerAsync(containerId, grace.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The grace period is over.
            }
            catch (DockerContainerNotFoundException)
            {
                return;
            }
        }

        if (await KillAsync(containerId, "SIGKILL", cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await _client.Containers.WaitContainerAsync(containerId, cancellationToken).ConfigureAwait(false);
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }
    }

    public async Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            await _client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DockerApiException e) when (DockerErrors.IsNotFound(e) || DockerErrors.IsConflict(e))
        {
            // Gone already, or its removal is under way.
        }
    }

    public async Task<IReadOnlyList<ContainerStatus>> ListContainersAsync(string? sandboxId, CancellationToken cancellationToken)
    {
        var containers = await ListLabelledAsync(DockerLabels.TypeContainer, sandboxId, cancellationToken).ConfigureAwait(false);
        var statuses = await Task.WhenAll(containers.Select(c => ContainerStatusAsync(c.ID, cancellationToken))).ConfigureAwait(false);
        return statuses.OfType<ContainerStatus>().ToList();
    }

    public async Task<ContainerStatus?> ContainerStatusAsync(string containerId, CancellationToken cancellationToken)
    {
        var inspect = await InspectOrNullAsync(containerId, cancellationToken).ConfigureAwait(false);
        return inspect is null ? null : DockerContainerStatuses.ToStatus(inspect);
    }

    public async Task<ExecSyncResult> ExecSyncAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var exec = await Engine("creating the exec", () => _client.Exec.ExecCreateContainerAsync(
            containerId,
            new ContainerExecCreateParameters { AttachStdout = true, AttachStderr = true, Cmd = command.ToList() },
            cancellationToken)).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var stdout = new CappedBuffer(_options.ExecSyncOutputLimitBytes);
        var stderr = new CappedBuffer(_options.ExecSyncOutputLimitBytes);
        try
        {
            using var stream = await Engine("starting the exec", () => _client.Exec.StartWithConfigContainerExecAsync(
                exec.ID,
                new ContainerExecStartParameters { AttachStdout = true, AttachStderr = true },
                deadline.Token)).ConfigureAwait(false);
            var buffer = new byte[32 * 1024];
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, deadline.Token).ConfigureAwait(false);
                if (read.EOF)
                {
                    break;
                }

                (read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout).Write(buffer.AsSpan(0, read.Count));
            }

            var exitCode = await DockerExecs.WaitExitCodeAsync(_client, exec.ID, deadline.Token).ConfigureAwait(false);
            return new ExecSyncResult(exitCode, stdout.ToArray(), stderr.ToArray(), TimedOut: false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The engine cannot kill an exec: the command is left to end on its own, as with dockershim.
            return new ExecSyncResult(-1, stdout.ToArray(), stderr.ToArray(), TimedOut: true);
        }
    }

    public async Task<IExecSession> ExecAsync(string containerId, ExecRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var exec = await Engine("creating the exec", () => _client.Exec.ExecCreateContainerAsync(
            containerId,
            new ContainerExecCreateParameters
            {
                AttachStdin = request.Stdin,
                AttachStdout = request.Stdout,
                AttachStderr = request.Stderr,
                Tty = request.Tty,
                Cmd = request.Command.ToList(),
            },
            cancellationToken)).ConfigureAwait(false);
        var stream = await Engine("starting the exec", () => _client.Exec.StartWithConfigContainerExecAsync(
            exec.ID,
            new ContainerExecStartParameters
            {
                AttachStdin = request.Stdin,
                AttachStdout = request.Stdout,
                AttachStderr = request.Stderr,
                Tty = request.Tty,
            },
            cancellationToken)).ConfigureAwait(false);
        return new DockerExecSession(_client, exec.ID, stream, request.Stdin);
    }

    public async IAsyncEnumerable<LogLine> ReadLogsAsync(string containerId, LogOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var inspect = await InspectOrNullAsync(containerId, cancellationToken).ConfigureAwait(false);
        if (inspect is null)
        {
            yield break;
        }

        var parameters = new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Timestamps = true,
            Follow = options.Follow,
            Tail = options.TailLines is { } tail ? tail.ToString(CultureInfo.InvariantCulture) : "all",
            Since = options.Since is { } since ? DockerTimes.ToUnixSeconds(since) : null,
        };
        var tty = inspect.Config?.Tty ?? false;
        DateTimeOffset? last = null;
        var atLast = 0;
        using (var stream = await _client.Containers.GetContainerLogsAsync(containerId, tty, parameters, cancellationToken).ConfigureAwait(false))
        {
            await foreach (var line in DockerLogLines.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                atLast = line.Time == last ? atLast + 1 : 1;
                last = line.Time;
                yield return line;
            }
        }

        if (!options.Follow)
        {
            yield break;
        }

        // The engine (20.10) ends a follow when the container dies, which can be before it has logged the
        // container's last, unterminated line: read once more from the last line's time, skipping what was read.
        var after = new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Timestamps = true, Follow = false };
        if (last is { } lastTime)
        {
            after.Since = DockerTimes.ToUnixSeconds(lastTime);
        }

        using var rest = await _client.Containers.GetContainerLogsAsync(containerId, tty, after, cancellationToken).ConfigureAwait(false);
        await foreach (var line in DockerLogLines.ReadAsync(rest, cancellationToken).ConfigureAwait(false))
        {
            if (last is { } seen && (line.Time < seen || (line.Time == seen && atLast-- > 0)))
            {
                continue;
            }

            yield return line;
        }
    }

    public async Task<ImageInfo?> ImageStatusAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            var inspect = await _client.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
            return new ImageInfo(inspect.ID, inspect.RepoTags?.ToList() ?? [], inspect.Size);
        }
        catch (DockerApiException e) when (DockerErrors.IsNotFound(e))
        {
            return null;
        }
    }

    public async Task<ImageInfo> PullImageAsync(string image, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        var (repository, tag) = ImageReference.Split(image);
        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stalled.CancelAfter(_options.ImagePullProgressDeadline);
        var progress = new PullProgress(() => stalled.CancelAfter(_options.ImagePullProgressDeadline));
        try
        {
            await _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = repository, Tag = tag }, null, progress, stalled.Token)
                .ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw new ImagePullException($"pulling {image}: {DockerErrors.Message(e)}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ImagePullException($"pulling {image}: no progress for {_options.ImagePullProgressDeadline.TotalSeconds:0} s", e);
        }

        if (progress.Error is { } error)
        {
            throw new ImagePullException($"pulling {image}: {error}");
        }

        return await ImageStatusAsync(image, cancellationToken).ConfigureAwait(false)
            ?? throw new ImagePullException($"pulling {image}: the engine reported success but has no such image");
    }

    public async IAsyncEnumerable<ContainerEvent> WatchEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parameters = new ContainerEventsParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["type"] = new Dictionary<string, bool> { ["container"] = true },
                ["label"] = new Dictionary<string, bool> { [$"{RuntimeLabels.NodeName}={_options.NodeName}"] = true },
                ["event"] = new Dictionary<string, bool> { ["start"] = true, ["die"] = true, ["destroy"] = true },
            },
        };
        // The engine's messages arrive through a progress callback; a channel turns them into an async stream.
        var channel = Channel.CreateUnbounded<ContainerEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var monitor = MonitorAsync(parameters, channel.Writer, stop.Token);
        try
        {
            await foreach (var containerEvent in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return containerEvent;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await monitor.ConfigureAwait(false);
        }

        // The stream ended without our asking: the engine went away.
        cancellationToken.ThrowIfCancellationRequested();
        throw new IOException("the engine's event stream ended");
    }

    private async Task MonitorAsync(ContainerEventsParameters parameters, ChannelWriter<ContainerEvent> writer, CancellationToken cancellationToken)
    {
        try
        {
            await _client.System.MonitorEventsAsync(parameters, new EventProgress(writer), cancellationToken).ConfigureAwait(false);
            writer.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            writer.TryComplete();
        }
        catch (Exception e) when (e is DockerApiException or IOException or HttpRequestException)
        {
            writer.TryComplete(e);
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _configuration.Dispose();
    }

    private PodSandboxStatus SandboxStatus(string id, string? state, DateTimeOffset createdAt, IDictionary<string, string> dockerLabels)
    {
        var labels = new Dictionary<string, string>(dockerLabels);
        return SandboxStatus(id, state, createdAt, labels);
    }

    private PodSandboxStatus SandboxStatus(string id, string? state, DateTimeOffset createdAt, Dictionary<string, string> labels)
    {
        var ready = DockerContainerStatuses.ToState(state) == ContainerState.Running;
        var ip = labels.ContainsKey(DockerLabels.HostNetwork)
            ? (ready ? _options.NodeAddress : null)
            : SandboxNetworkState.Read(labels.GetValueOrDefault(DockerLabels.PodDirectory), id);
        return new PodSandboxStatus
        {
            Id = id,
            PodUid = labels.GetValueOrDefault(RuntimeLabels.PodUid, ""),
            PodName = labels.GetValueOrDefault(RuntimeLabels.PodName, ""),
            PodNamespace = labels.GetValueOrDefault(RuntimeLabels.PodNamespace, ""),
            State = ready ? SandboxState.Ready : SandboxState.NotReady,
            Ip = ip,
            CreatedAt = createdAt,
            Labels = new Dictionary<string, string>(labels),
        };
    }

    /// <summary>This node's containers of one kind (sandboxes or app containers), optionally of one sandbox, whatever their state.</summary>
    private async Task<IList<ContainerListResponse>> ListLabelledAsync(string type, string? sandboxId, CancellationToken cancellationToken, string? podUid = null)
    {
        var labelFilter = new Dictionary<string, bool>
        {
            [$"{RuntimeLabels.NodeName}={_options.NodeName}"] = true,
            [$"{DockerLabels.Type}={type}"] = true,
        };
        if (podUid is not null)
        {
            labelFilter[$"{RuntimeLabels.PodUid}={podUid}"] = true;
        }

        if (sandboxId is not null)
        {
            labelFilter[$"{DockerLabels.SandboxId}={sandboxId}"] = true;
        }

        return await _client.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labelFilter } },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<ContainerInspectResponse?> InspectOrNullAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.Containers.InspectContainerAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (DockerErrors.IsNotFound(e))
        {
            return null;
        }
    }

    /// <summary>Sends a signal; false when the container is not running (or gone) any more.</summary>
    private async Task<bool> KillAsync(string containerId, string signal, CancellationToken cancellationToken)
    {
        try
        {
            await _client.Containers.KillContainerAsync(containerId, new ContainerKillParameters { Signal = signal }, cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (DockerApiException e) when (DockerErrors.IsNotFound(e) || DockerErrors.IsConflict(e))
        {
            return false;
        }
    }

    /// <summary>Runs an engine call, turning its error answer into an exception that carries the engine's own words.</summary>
    private static async Task<T> Engine<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw new InvalidOperationException($"{what}: {DockerErrors.Message(e)}", e);
        }
    }

    private static Task<bool> Engine(string what, Func<Task> call) =>
        Engine(what, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        });

    private static PodNetworkAttachment Attachment(string sandboxId, string netns, PodSandboxConfig config) =>
        new(sandboxId, netns, config.PodNamespace, config.PodName, config.PodUid, config.PortMappings);

    private static string NetnsPath(long pid) => $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/ns/net";

    private static string ResolvConfPath(PodSandboxConfig config) => Path.Combine(config.PodDirectory, "resolv.conf");

    private static string ResolvConf(DnsConfig dns)
    {
        var text = new StringBuilder();
        if (dns.Searches.Count > 0)
        {
            text.Append("search ").AppendJoin(' ', dns.Searches).Append('\n');
        }

        foreach (var nameserver in dns.Nameservers)
        {
            text.Append("nameserver ").Append(nameserver).Append('\n');
        }

        if (dns.Options.Count > 0)
        {
            text.Append("options ").AppendJoin(' ', dns.Options).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>dockershim's names (k8s_container_pod_namespace_uid_…), with a random tail so a re-created container never collides.</summary>
    private static string ContainerName(string container, PodSandboxConfig pod) =>
        $"k8s_{container}_{pod.PodName}_{pod.PodNamespace}_{pod.PodUid}_{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Receives the pull's progress messages as they come (synchronously, unlike Progress&lt;T&gt;).</summary>
    private sealed class PullProgress(Action onProgress) : IProgress<JSONMessage>
    {
        public string? Error { get; private set; }

        public void Report(JSONMessage value)
        {
            onProgress();
            var error = value.Error?.Message ?? value.ErrorMessage;
            if (!string.IsNullOrEmpty(error))
            {
                Error = error;
            }
        }
    }

    /// <summary>Passes each engine event on as a <see cref="ContainerEvent"/>.</summary>
    private sealed class EventProgress(ChannelWriter<ContainerEvent> writer) : IProgress<Message>
    {
        public void Report(Message value)
        {
            if (DockerEvents.From(value) is { } containerEvent)
            {
                writer.TryWrite(containerEvent);
            }
        }
    }

    /// <summary>Collects output up to a limit and drops the rest.</summary>
    private sealed class CappedBuffer(int limit)
    {
        private readonly System.Buffers.ArrayBufferWriter<byte> _bytes = new();

        public void Write(ReadOnlySpan<byte> data)
        {
            var room = limit - _bytes.WrittenCount;
            if (room > 0)
            {
                data[..Math.Min(room, data.Length)].CopyTo(_bytes.GetSpan(Math.Min(room, data.Length)));
                _bytes.Advance(Math.Min(room, data.Length));
            }
        }

        public byte[] ToArray() => _bytes.WrittenSpan.ToArray();
    }
}
