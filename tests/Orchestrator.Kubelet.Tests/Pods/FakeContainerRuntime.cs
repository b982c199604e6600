using System.Globalization;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Orchestrator.Kubelet.Pods;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Tests.Pods;

/// <summary>
/// An in-memory <see cref="IContainerRuntime"/> for the PodActor's state machine: sandboxes get addresses from
/// 100.64.0.0/24, containers "run" until stopped or until their scripted exit, exec results are scripted, images are
/// present or pullable as the test says, and every call is logged in order. An exit is reported to
/// <see cref="Listener"/> as the kubelet's event stream would.
/// </summary>
public sealed class FakeContainerRuntime : IContainerRuntime
{
    private readonly object _gate = new();
    private readonly Dictionary<string, PodSandboxStatus> _sandboxes = [];
    private readonly Dictionary<string, FakeContainer> _containers = [];
    private int _next;

    public string Name => "fake";

    /// <summary>Images present on the "node".</summary>
    public HashSet<string> Images { get; } = ["busybox:local"];

    /// <summary>Images a pull succeeds for (others throw ImagePullException).</summary>
    public HashSet<string> Pullable { get; } = [];

    /// <summary>How a started container behaves: its exit code after a delay, or null to run until stopped.</summary>
    public Func<ContainerConfig, (TimeSpan After, int ExitCode)?> Behaviour { get; set; } = _ => null;

    /// <summary>What ExecSync returns (probes, hooks).</summary>
    public Func<string, IReadOnlyList<string>, ExecSyncResult> Exec { get; set; } = (_, _) => new ExecSyncResult(0, [], [], false);

    /// <summary>Who hears container exits (the PodActor under test).</summary>
    public IActorRef? Listener { get; set; }

    /// <summary>The calls made, in order ("CreateContainer app", "StopContainer app 30s", …).</summary>
    public List<string> Calls { get; } = [];

    /// <summary>When each container was started, in order.</summary>
    public List<(string Name, DateTimeOffset At)> Starts { get; } = [];

    public IReadOnlyList<(string Name, DateTimeOffset At)> StartsSnapshot()
    {
        lock (_gate)
        {
            return [.. Starts];
        }
    }

    public IReadOnlyList<string> CallsSnapshot()
    {
        lock (_gate)
        {
            return [.. Calls];
        }
    }

    public IReadOnlyList<FakeContainer> Containers()
    {
        lock (_gate)
        {
            return [.. _containers.Values];
        }
    }

    public IReadOnlyList<PodSandboxStatus> Sandboxes()
    {
        lock (_gate)
        {
            return [.. _sandboxes.Values];
        }
    }

    public Task<string> VersionAsync(CancellationToken cancellationToken) => Task.FromResult("fake://1.0");

    public Task<string> RunPodSandboxAsync(PodSandboxConfig config, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var id = "sb" + (++_next).ToString(CultureInfo.InvariantCulture);
            _sandboxes[id] = new PodSandboxStatus
            {
                Id = id,
                PodUid = config.PodUid,
                PodName = config.PodName,
                PodNamespace = config.PodNamespace,
                State = SandboxState.Ready,
                Ip = config.HostNetwork ? "127.0.0.1" : "100.64.0." + _next.ToString(CultureInfo.InvariantCulture),
                CreatedAt = DateTimeOffset.UtcNow,
                Labels = config.Labels,
            };
            Log($"RunPodSandbox {config.PodName}");
            LastSandboxConfig = config;
            return Task.FromResult(id);
        }
    }

    public PodSandboxConfig? LastSandboxConfig { get; private set; }

    /// <summary>Adds a sandbox as if a previous kubelet had made it.</summary>
    public string AddSandbox(PodSandboxStatus status)
    {
        lock (_gate)
        {
            _sandboxes[status.Id] = status;
            return status.Id;
        }
    }

    /// <summary>Adds a running container as if a previous kubelet had made it.</summary>
    public string AddRunningContainer(string sandboxId, ContainerConfig config)
    {
        lock (_gate)
        {
            var id = "c" + (++_next).ToString(CultureInfo.InvariantCulture);
            _containers[id] = new FakeContainer(id, sandboxId, config) { State = ContainerState.Running, StartedAt = DateTimeOffset.UtcNow };
            return id;
        }
    }

    public Task StopPodSandboxAsync(string sandboxId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Log($"StopPodSandbox {sandboxId}");
            foreach (var c in _containers.Values.Where(c => c.SandboxId == sandboxId && c.State == ContainerState.Running))
            {
                Exit(c, 137, "Error");
            }

            if (_sandboxes.TryGetValue(sandboxId, out var s))
            {
                _sandboxes[sandboxId] = s with { State = SandboxState.NotReady };
            }
        }

        return Task.CompletedTask;
    }

    public Task RemovePodSandboxAsync(string sandboxId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Log($"RemovePodSandbox {sandboxId}");
            _sandboxes.Remove(sandboxId);
            foreach (var id in _containers.Values.Where(c => c.SandboxId == sandboxId).Select(c => c.Id).ToList())
            {
                _containers.Remove(id);
            }
        }

        return Task.CompletedTask;
    }

    public Task<PodSandboxStatus?> PodSandboxStatusAsync(string sandboxId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_sandboxes.GetValueOrDefault(sandboxId));
        }
    }

    public Task<IReadOnlyList<PodSandboxStatus>> ListPodSandboxesAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PodSandboxStatus>>([.. _sandboxes.Values]);
        }
    }

    public Task<string> CreateContainerAsync(string sandboxId, ContainerConfig config, PodSandboxConfig sandbox, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var id = "c" + (++_next).ToString(CultureInfo.InvariantCulture);
            _containers[id] = new FakeContainer(id, sandboxId, config);
            Log($"CreateContainer {config.Name}");
            return Task.FromResult(id);
        }
    }

    /// <summary>How many of the next container starts fail (the container stays created, as with a real engine).</summary>
    public int StartFailures { get; set; }

    public Task StartContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        FakeContainer c;
        lock (_gate)
        {
            if (StartFailures > 0)
            {
                StartFailures--;
                Log("StartContainer failed");
                return Task.FromException(new IOException("the engine could not start the container"));
            }

            c = _containers[containerId];
            c.State = ContainerState.Running;
            c.StartedAt = DateTimeOffset.UtcNow;
            Starts.Add((c.Config.Name, c.StartedAt.Value));
            Log($"StartContainer {c.Config.Name}");
        }

        if (Behaviour(c.Config) is { } exit)
        {
            _ = Task.Delay(exit.After, CancellationToken.None).ContinueWith(_ => ExitNow(containerId, exit.ExitCode), TaskScheduler.Default);
        }

        return Task.CompletedTask;
    }

    /// <summary>Ends a running container from outside, as a crash or `docker kill` would.</summary>
    public void ExitNow(string containerId, int exitCode)
    {
        FakeContainer? c;
        lock (_gate)
        {
            if (!_containers.TryGetValue(containerId, out c) || c.State != ContainerState.Running)
            {
                return;
            }

            Exit(c, exitCode, exitCode == 0 ? "Completed" : "Error");
        }
    }

    public Task StopContainerAsync(string containerId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_containers.TryGetValue(containerId, out var c))
            {
                Log(string.Create(CultureInfo.InvariantCulture, $"StopContainer {c.Config.Name} {Math.Round(timeout.TotalSeconds)}s"));
                if (c.State == ContainerState.Running)
                {
                    Exit(c, 137, "Error");
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_containers.Remove(containerId, out var c))
            {
                Log($"RemoveContainer {c.Config.Name}");
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ContainerStatus>> ListContainersAsync(string? sandboxId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ContainerStatus>>([.. _containers.Values.Where(c => sandboxId is null || c.SandboxId == sandboxId).Select(c => c.Status())]);
        }
    }

    public Task<ContainerStatus?> ContainerStatusAsync(string containerId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_containers.GetValueOrDefault(containerId)?.Status());
        }
    }

    public Task<ExecSyncResult> ExecSyncAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string name;
        lock (_gate)
        {
            name = _containers.TryGetValue(containerId, out var c) ? c.Config.Name : "?";
            Log($"ExecSync {name} {string.Join(' ', command)}");
        }

        return Task.FromResult(Exec(name, command));
    }

    public Task<IExecSession> ExecAsync(string containerId, ExecRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public async IAsyncEnumerable<LogLine> ReadLogsAsync(string containerId, LogOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield break;
    }

    public Task<ImageInfo?> ImageStatusAsync(string image, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Images.Contains(image) ? new ImageInfo("sha256:" + image.GetHashCode(StringComparison.Ordinal).ToString("x", CultureInfo.InvariantCulture), [image], 1) : null);
        }
    }

    public Task<ImageInfo> PullImageAsync(string image, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Log($"PullImage {image}");
            if (!Pullable.Contains(image))
            {
                throw new ImagePullException($"pull access denied for {image}");
            }

            Images.Add(image);
            return Task.FromResult(new ImageInfo("sha256:pulled", [image], 1));
        }
    }

    public async IAsyncEnumerable<ContainerEvent> WatchEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }

    private void Exit(FakeContainer c, int code, string reason)
    {
        c.State = ContainerState.Exited;
        c.ExitCode = code;
        c.Reason = reason;
        c.FinishedAt = DateTimeOffset.UtcNow;
        Log($"Exited {c.Config.Name} {code}");
        Listener?.Tell(new ContainerEventObserved(new ContainerEvent(c.Id, ContainerEventKind.Exited, c.Config.Labels)));
    }

    private void Log(string call) => Calls.Add(call);
}

/// <summary>A container of the fake runtime.</summary>
public sealed class FakeContainer(string id, string sandboxId, ContainerConfig config)
{
    public string Id { get; } = id;

    public string SandboxId { get; } = sandboxId;

    public ContainerConfig Config { get; } = config;

    public ContainerState State { get; set; } = ContainerState.Created;

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int? ExitCode { get; set; }

    public string? Reason { get; set; }

    public ContainerStatus Status() => new()
    {
        Id = Id,
        SandboxId = SandboxId,
        Name = Config.Name,
        State = State,
        Image = Config.Image,
        ImageRef = "sha256:" + Config.Image.Length.ToString(CultureInfo.InvariantCulture),
        CreatedAt = CreatedAt,
        StartedAt = StartedAt,
        FinishedAt = FinishedAt,
        ExitCode = ExitCode,
        Reason = Reason,
        Labels = Config.Labels,
    };
}
