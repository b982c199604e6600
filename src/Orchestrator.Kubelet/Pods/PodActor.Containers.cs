using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Pods.Env;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Pods;

/// <summary>Starting, restarting and killing one container: images, config, hooks, the crash-loop back-off.</summary>
public sealed partial class PodActor
{
    /// <summary>Restarts an exited container unless its crash-loop back-off has not run out (CrashLoopBackOff).</summary>
    private async Task RestartContainerAsync(ContainerRecord record, JsonObject spec)
    {
        var ended = record.Current!;
        var finished = ended.FinishedAt ?? _clock.GetUtcNow();
        if (finished - (ended.StartedAt ?? finished) >= _settings.RestartBackoffResetAfter)
        {
            record.BackoffDelay = TimeSpan.Zero;
        }

        if (record.BackoffDelay > TimeSpan.Zero && _clock.GetUtcNow() < finished + record.BackoffDelay)
        {
            if (record.WaitingReason != "CrashLoopBackOff")
            {
                Event(record.Name, "Warning", "BackOff", $"Back-off restarting failed container {record.Name} in pod {_name}_{_ns}({_uid})");
            }

            record.WaitingReason = "CrashLoopBackOff";
            record.WaitingMessage = $"back-off {Seconds(record.BackoffDelay)} restarting failed container={record.Name} pod={_name}_{_ns}({_uid})";
            SyncAt(finished + record.BackoffDelay);
            return;
        }

        // The first restart is at once; each one after waits twice as long as the one before, up to the maximum.
        record.BackoffDelay = record.BackoffDelay == TimeSpan.Zero ? _settings.RestartBackoffInitial
            : TimeSpan.FromTicks(Math.Min(record.BackoffDelay.Ticks * 2, _settings.RestartBackoffMax.Ticks));
        await StartContainerAsync(record, spec);
    }

    private async Task StartContainerAsync(ContainerRecord record, JsonObject spec)
    {
        if (!await EnsureImageAsync(record, spec))
        {
            return;
        }

        var id = record.Current is null ? TakeCreatedEarly(record.Name) : null;
        ContainerConfig? config = null;
        if (id is null)
        {
            var restartCount = record.Current is null ? 0 : record.RestartCount + 1;
            try
            {
                var env = await new EnvResolver(_client, Pod).ResolveAsync(spec, _podIp ?? _context.Node.PrimaryIp, _context.Node.PrimaryIp, None);
                config = ContainerConfigBuilder.Build(Pod, spec, env, _volumes ?? [], _context.Node.Name, restartCount);
            }
            catch (ContainerConfigException failure)
            {
                record.WaitingReason = "CreateContainerConfigError";
                record.WaitingMessage = failure.Message;
                Event(record.Name, "Warning", "Failed", $"Error: {failure.Message}");
                SyncAt(_clock.GetUtcNow() + _settings.RestartBackoffInitial);
                return;
            }
        }

        // Only the last dead container of each name is kept, for its logs and lastState.
        if (record.Previous is { } older)
        {
            await _runtime.RemoveContainerAsync(older.Id, None);
        }

        try
        {
            id ??= await _runtime.CreateContainerAsync(_sandboxId!, config!, SandboxConfig(), None);
            Event(record.Name, "Normal", "Created", $"Created container {record.Name}");
            await _runtime.StartContainerAsync(id, None);
        }
        catch (Exception failure) when (failure is IOException or InvalidOperationException or HttpRequestException or ArgumentException)
        {
            record.WaitingReason = "CreateContainerError";
            record.WaitingMessage = failure.Message;
            Event(record.Name, "Warning", "Failed", $"Error: {failure.Message}");
            SyncAt(_clock.GetUtcNow() + _settings.RestartBackoffInitial);
            return;
        }

        Event(record.Name, "Normal", "Started", $"Started container {record.Name}");
        record.Previous = record.Current;
        record.Current = await _runtime.ContainerStatusAsync(id, None);
        record.WaitingReason = null;
        record.WaitingMessage = null;
        record.ResetProbes(spec["startupProbe"] is JsonObject, spec["readinessProbe"] is JsonObject);

        if (spec["lifecycle"]?["postStart"] is JsonObject postStart && record.Current is not null)
        {
            var result = await _handlers.RunAsync(postStart, spec, id, _podIp ?? _context.Node.PrimaryIp, PodSpecs.TerminationGracePeriod(Pod), None);
            if (!result.Success)
            {
                Event(record.Name, "Warning", "FailedPostStartHook", $"PostStartHook failed: {result.Message}");
                await KillContainerAsync(record, spec, _clock.GetUtcNow() + PodSpecs.TerminationGracePeriod(Pod), "FailedPostStartHook", runPreStop: false);
                record.Current = await _runtime.ContainerStatusAsync(id, None) ?? record.Current;
                return;
            }
        }

        StartProbes(record, spec);
    }

    /// <summary>Makes the image present per imagePullPolicy; false (and why, on the record) when it is not.</summary>
    private async Task<bool> EnsureImageAsync(ContainerRecord record, JsonObject spec)
    {
        var image = PodSpecs.Str(spec, "image") ?? "";
        var policy = ImagePullPolicy.Of(spec);
        var present = await _runtime.ImageStatusAsync(image, None);
        if (policy == ImagePullPolicy.Never || (policy == ImagePullPolicy.IfNotPresent && present is not null))
        {
            if (present is not null)
            {
                if (record.Current is null)
                {
                    Event(record.Name, "Normal", "Pulled", $"Container image \"{image}\" already present on machine");
                }

                return true;
            }

            record.WaitingReason = "ErrImageNeverPull";
            record.WaitingMessage = $"Container image \"{image}\" is not present with pull policy of Never";
            Event(record.Name, "Warning", "ErrImageNeverPull", record.WaitingMessage);
            SyncAt(_clock.GetUtcNow() + _settings.ImagePullBackoffInitial);
            return false;
        }

        var now = _clock.GetUtcNow();
        if (_imageBackoff.TryGetValue(image, out var backoff) && now < backoff.Until)
        {
            record.WaitingReason = "ImagePullBackOff";
            record.WaitingMessage = $"Back-off pulling image \"{image}\"";
            Event(record.Name, "Normal", "BackOff", record.WaitingMessage);
            SyncAt(backoff.Until);
            return false;
        }

        Event(record.Name, "Normal", "Pulling", $"Pulling image \"{image}\"");
        var started = _clock.GetUtcNow();
        try
        {
            await _runtime.PullImageAsync(image, None);
        }
        catch (ImagePullException failure)
        {
            var delay = _imageBackoff.TryGetValue(image, out var previous)
                ? TimeSpan.FromTicks(Math.Min(previous.Delay.Ticks * 2, _settings.ImagePullBackoffMax.Ticks))
                : _settings.ImagePullBackoffInitial;
            _imageBackoff[image] = (delay, _clock.GetUtcNow() + delay);
            record.WaitingReason = "ErrImagePull";
            record.WaitingMessage = failure.Message;
            Event(record.Name, "Warning", "Failed", $"Failed to pull image \"{image}\": {failure.Message}");
            Event(record.Name, "Warning", "Failed", "Error: ErrImagePull");
            SyncAt(_clock.GetUtcNow() + delay);
            return false;
        }

        _imageBackoff.Remove(image);
        Event(record.Name, "Normal", "Pulled", $"Successfully pulled image \"{image}\" in {Seconds(_clock.GetUtcNow() - started)}");
        return true;
    }

    /// <summary>Stops a container by <paramref name="deadline"/>: its preStop hook first (within the grace), then SIGTERM and SIGKILL at the deadline.</summary>
    private async Task KillContainerAsync(ContainerRecord record, JsonObject? spec, DateTimeOffset deadline, string why, bool runPreStop)
    {
        if (record.Current is not { } current)
        {
            return;
        }

        StopProbes(record);
        Event(record.Name, "Normal", "Killing", why switch
        {
            "Stopping" => $"Stopping container {record.Name}",
            _ => $"Container {record.Name} {why}, will be restarted",
        });
        if (runPreStop && spec?["lifecycle"]?["preStop"] is JsonObject preStop && current.State == ContainerState.Running)
        {
            var budget = deadline - _clock.GetUtcNow();
            if (budget > TimeSpan.Zero)
            {
                using var cts = new CancellationTokenSource(budget);
                try
                {
                    var result = await _handlers.RunAsync(preStop, spec, current.Id, _podIp ?? _context.Node.PrimaryIp, budget, cts.Token);
                    if (!result.Success)
                    {
                        Event(record.Name, "Warning", "FailedPreStopHook", $"PreStopHook failed: {result.Message}");
                    }
                }
                catch (OperationCanceledException)
                {
                    // The hook used up the grace period: the container is killed now.
                }
            }
        }

        var remaining = deadline - _clock.GetUtcNow();
        await _runtime.StopContainerAsync(current.Id, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, None);
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
