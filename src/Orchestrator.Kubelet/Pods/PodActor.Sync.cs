using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Kubelet.Pods.Volumes;
using Orchestrator.Kubelet.Runtime;
using Orchestrator.Model.Objects;

namespace Orchestrator.Kubelet.Pods;

/// <summary>The sync pass (the kubelet's syncPod): compare the runtime with the spec and do the next step.</summary>
public sealed partial class PodActor
{
    private async Task SyncAsync()
    {
        _syncRequested = false;
        if (_nextTimedSync is { } next && next <= _clock.GetUtcNow())
        {
            _nextTimedSync = null;
        }

        try
        {
            if (_removedFromApi)
            {
                await TerminateAsync(TimeSpan.Zero, runHooks: false, removeFromRuntime: true, deleteFromApi: false);
                return;
            }

            if (_shutdown is { } shutdown)
            {
                await TerminateAsync(shutdown.GracePeriod, runHooks: true, removeFromRuntime: false, deleteFromApi: false);
                return;
            }

            if (KubeObject.DeletionTimestamp(_pod) is not null)
            {
                await TerminateAsync(PodSpecs.GracePeriod(_pod), runHooks: true, removeFromRuntime: true, deleteFromApi: true);
                return;
            }

            await SyncRunningAsync();
        }
        catch (Exception failure) when (failure is KubeApiException or HttpRequestException or IOException or UnauthorizedAccessException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            _log.Warning("pod {0}/{1}: sync failed, retrying: {2}", _ns, _name, failure.Message);
            SyncAt(_clock.GetUtcNow() + _settings.RestartBackoffInitial);
        }
    }

    private async Task SyncRunningAsync()
    {
        if (_effectivePod is null)
        {
            _effectivePod = ServiceAccountVolume.AddTo(_pod, await AccountAutomountAsync(), _settings.ServiceAccountTokenExpiration);
        }
        else
        {
            // Only metadata (labels, annotations, deletion) may change on a running pod: keep the effective spec.
            _effectivePod["metadata"] = _pod["metadata"]?.DeepClone();
        }

        EnsureRecords();
        if (!await EnsureSandboxAsync())
        {
            await UpdateStatusAsync();
            return;
        }

        await RefreshContainersAsync();
        var now = _clock.GetUtcNow();
        if (_volumes is null || now - _volumesWritten >= _settings.SyncFrequency * 0.9)
        {
            // Tokens are renewed at 80% of their lifetime, as the kubelet's token manager does.
            var newTokens = _volumes is null || now - _tokensWritten >= _settings.ServiceAccountTokenExpiration * 0.8;
            try
            {
                _volumes = await new PodVolumes(_client, Pod, _podDirectory).SetUpAsync(_podIp ?? _context.Node.PrimaryIp, _context.Node.PrimaryIp, None, newTokens);
                _volumesWritten = now;
                if (newTokens)
                {
                    _tokensWritten = now;
                }
            }
            catch (VolumeException failure)
            {
                Event(null, "Warning", "FailedMount", $"MountVolume.SetUp failed: {failure.Message}");
                if (_volumes is null)
                {
                    SyncAt(_clock.GetUtcNow() + _settings.RestartBackoffInitial);
                    await UpdateStatusAsync();
                    return;
                }

                // Running containers keep what they had; the next sync tries again.
                _volumesWritten = now;
            }
        }

        var policy = PodSpecs.RestartPolicy(Pod);
        var initDone = true;
        var failed = false;
        foreach (var spec in PodSpecs.InitContainers(Pod))
        {
            var record = _records[PodSpecs.Str(spec, "name") ?? ""];
            if (record.Succeeded)
            {
                continue;
            }

            initDone = false;
            if (record.Current is null)
            {
                await StartContainerAsync(record, spec);
            }
            else if (record.Exited)
            {
                if (policy == "Never")
                {
                    failed = true;
                }
                else
                {
                    await RestartContainerAsync(record, spec);
                }
            }

            break;
        }

        if (initDone && !failed)
        {
            foreach (var spec in PodSpecs.Containers(Pod))
            {
                var record = _records[PodSpecs.Str(spec, "name") ?? ""];
                if (record.Current is null)
                {
                    await StartContainerAsync(record, spec);
                }
                else if (record.Running && record.KillReason is { } reason)
                {
                    await KillContainerAsync(record, spec, _clock.GetUtcNow() + ProbeGrace(spec), reason, runPreStop: true);
                    record.KillReason = null;
                    await RefreshContainersAsync();
                    if (record.Exited && ShouldRestart(policy, record.Current!.ExitCode ?? 1))
                    {
                        await RestartContainerAsync(record, spec);
                    }
                }
                else if (record.Exited && ShouldRestart(policy, record.Current!.ExitCode ?? 1))
                {
                    await RestartContainerAsync(record, spec);
                }
            }
        }

        var phase = await UpdateStatusAsync();
        if (phase is "Succeeded" or "Failed" && !_sandboxStopped && _sandboxId is not null)
        {
            // A finished pod's sandbox goes (its network with it); its containers stay for their logs until the pod is deleted.
            foreach (var record in _records.Values.Where(r => r.Running))
            {
                await _runtime.StopContainerAsync(record.Current!.Id, TimeSpan.Zero, None);
            }

            await _runtime.StopPodSandboxAsync(_sandboxId, None);
            _sandboxStopped = true;
        }
    }

    /// <summary>A record for every container of the spec.</summary>
    private void EnsureRecords()
    {
        foreach (var (init, list) in new[] { (true, PodSpecs.InitContainers(Pod)), (false, PodSpecs.Containers(Pod)) })
        {
            foreach (var spec in list)
            {
                var name = PodSpecs.Str(spec, "name") ?? "";
                if (!_records.ContainsKey(name))
                {
                    _records[name] = new ContainerRecord(name, init);
                }
            }
        }
    }

    private static bool ShouldRestart(string policy, int exitCode) => policy switch
    {
        "Never" => false,
        "OnFailure" => exitCode != 0,
        _ => true,
    };

    private TimeSpan ProbeGrace(JsonObject spec)
    {
        var probeGrace = (spec["livenessProbe"] as JsonObject)?["terminationGracePeriodSeconds"] ?? (spec["startupProbe"] as JsonObject)?["terminationGracePeriodSeconds"];
        return PodSpecs.Number(probeGrace) is { } seconds ? TimeSpan.FromSeconds(seconds) : PodSpecs.TerminationGracePeriod(Pod);
    }

    /// <summary>automountServiceAccountToken of the pod's service account, or null when it says nothing (or cannot be read).</summary>
    private async Task<bool?> AccountAutomountAsync()
    {
        if (PodSpecs.Bool(PodSpecs.Spec(_pod), "automountServiceAccountToken") is not null)
        {
            return null;
        }

        try
        {
            var account = await _client.GetAsync(ResourceRef.ServiceAccounts, _ns, PodSpecs.ServiceAccountName(_pod), None);
            return PodSpecs.Bool(account, "automountServiceAccountToken");
        }
        catch (KubeApiException failure) when (failure.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Finds the pod's ready sandbox (a previous kubelet's included) or makes one; false when it cannot yet.</summary>
    private async Task<bool> EnsureSandboxAsync()
    {
        if (_sandboxId is not null)
        {
            if (_sandboxStopped)
            {
                return true;
            }

            var status = await _runtime.PodSandboxStatusAsync(_sandboxId, None);
            if (status is { State: SandboxState.Ready })
            {
                _podIp = status.Ip ?? _podIp;
                return true;
            }

            _log.Info("pod {0}/{1}: sandbox {2} is gone or not ready, making a new one", _ns, _name, _sandboxId);
            Event(null, "Normal", "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
            _sandboxId = null;
        }

        // Adoption: a sandbox of this pod uid that a previous kubelet (or PodActor) started.
        var sandboxes = (await _runtime.ListPodSandboxesAsync(_uid, None)).Where(s => s.PodUid == _uid).OrderByDescending(s => s.CreatedAt).ToList();
        if (sandboxes.FirstOrDefault(s => s.State == SandboxState.Ready) is { } ready)
        {
            _sandboxId = ready.Id;
            _podIp = ready.Ip;
            foreach (var stale in sandboxes.Where(s => s.Id != ready.Id))
            {
                await _runtime.RemovePodSandboxAsync(stale.Id, None);
            }

            return true;
        }

        if (sandboxes.Count > 0 && _records.Values.Any(r => r.Current is not null) is false && PodSpecs.RestartPolicy(Pod) != "Always"
            && (await _runtime.ListContainersAsync(sandboxes[0].Id, None)).Count > 0)
        {
            // A finished pod's stopped sandbox: keep it and its containers rather than run the pod again.
            _sandboxId = sandboxes[0].Id;
            _sandboxStopped = true;
            return true;
        }

        foreach (var stale in sandboxes)
        {
            await _runtime.RemovePodSandboxAsync(stale.Id, None);
        }

        var config = SandboxConfig();
        Directory.CreateDirectory(_podDirectory);
        try
        {
            _sandboxId = await RunSandboxAsync(config);
        }
        catch (Exception failure) when (failure is IOException or InvalidOperationException or HttpRequestException or ImagePullException)
        {
            Event(null, "Warning", "FailedCreatePodSandBox", $"Failed to create pod sandbox: {failure.Message}");
            SyncAt(_clock.GetUtcNow() + _settings.RestartBackoffInitial);
            return false;
        }

        _podIp = (await _runtime.PodSandboxStatusAsync(_sandboxId, None))?.Ip;
        _startTime ??= _clock.GetUtcNow();
        return true;
    }

    private PodSandboxConfig SandboxConfig()
    {
        var spec = PodSpecs.Spec(Pod);
        var ports = new List<PortMapping>();
        foreach (var container in PodSpecs.Containers(Pod))
        {
            foreach (var port in PodSpecs.Objects(container["ports"]))
            {
                if (PodSpecs.Int(port, "hostPort") is { } hostPort and > 0 && PodSpecs.Int(port, "containerPort") is { } containerPort)
                {
                    ports.Add(new PortMapping((int)containerPort, (int)hostPort, PodSpecs.Str(port, "protocol") ?? "TCP", PodSpecs.Str(port, "hostIP")));
                }
            }
        }

        var hostname = PodSpecs.Str(spec, "hostname") is { Length: > 0 } h ? h : _name.Length > 63 ? _name[..63].TrimEnd('-', '.') : _name;
        return new PodSandboxConfig
        {
            PodUid = _uid,
            PodName = _name,
            PodNamespace = _ns,
            Hostname = PodSpecs.HostNetwork(Pod) ? _context.Node.Hostname : hostname,
            HostNetwork = PodSpecs.HostNetwork(Pod),
            PortMappings = ports,
            Dns = PodDns.Resolve(Pod, _settings),
            Labels = ContainerConfigBuilder.Labels(Pod, _context.Node.Name, null),
            PodDirectory = _podDirectory,
        };
    }

    /// <summary>Reads the sandbox's containers: each spec container's newest, and the one before it.</summary>
    private async Task RefreshContainersAsync()
    {
        if (_sandboxId is null)
        {
            return;
        }

        var containers = (await _runtime.ListContainersAsync(_sandboxId, None))
            .Where(c => (c.Labels.TryGetValue(RuntimeLabels.PodUid, out var uid) ? uid == _uid : true) && !IsCreatedEarly(c.Id))
            .GroupBy(c => c.Name)
            .ToList();
        foreach (var record in _records.Values)
        {
            if (record.Current is { } known && !containers.Any(g => g.Key == record.Name && g.Any(c => c.Id == known.Id)) && known.State != ContainerState.Exited)
            {
                // Gone from the runtime (removed from outside, or its sandbox was): as the kubelet does, it counts as
                // ended with 137, so that it is created anew per restartPolicy.
                record.Current = known with { State = ContainerState.Exited, ExitCode = 137, Reason = "ContainerStatusUnknown", FinishedAt = _clock.GetUtcNow(), Message = "The container could not be located" };
            }
        }

        foreach (var group in containers)
        {
            if (!_records.TryGetValue(group.Key, out var record))
            {
                continue;
            }

            var ordered = group.OrderByDescending(c => ContainerConfigBuilder.RestartCount(c.Labels)).ThenByDescending(c => c.CreatedAt).ToList();
            if (ordered[0].State == ContainerState.Created)
            {
                // Created but never started: a kubelet stopped between the two, or the start failed. It goes, and the
                // sync creates it anew (with the env and volumes of now), as it would had the create never happened.
                await _runtime.RemoveContainerAsync(ordered[0].Id, None);
                ordered.RemoveAt(0);
                if (ordered.Count == 0)
                {
                    continue;
                }
            }

            var adopted = record.Current is null;
            record.Current = ordered[0];
            record.Previous = ordered.Count > 1 ? ordered[1] : null;
            if (adopted && record.Running)
            {
                var spec = SpecOf(record);
                record.ResetProbes(spec?["startupProbe"] is JsonObject, spec?["readinessProbe"] is JsonObject);
                StartProbes(record, spec);
            }
        }
    }

    private JsonObject? SpecOf(ContainerRecord record) =>
        (record.Init ? PodSpecs.InitContainers(Pod) : PodSpecs.Containers(Pod)).FirstOrDefault(c => PodSpecs.Str(c, "name") == record.Name);
}
