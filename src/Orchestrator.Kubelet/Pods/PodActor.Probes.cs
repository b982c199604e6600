using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Kubelet.Pods.Probes;

namespace Orchestrator.Kubelet.Pods;

/// <summary>
/// The container's probes (the kubelet's prober workers) on timers: the first after initialDelaySeconds, then every
/// periodSeconds; each run on the thread pool with timeoutSeconds and its result piped back. successThreshold and
/// failureThreshold consecutive results flip the verdict: readiness drives Ready, a failed liveness or startup
/// probe has the container killed (and restarted per restartPolicy), a passed startup probe lets the others run.
/// </summary>
public sealed partial class PodActor
{
    private static readonly ProbeKind[] Kinds = [ProbeKind.Startup, ProbeKind.Liveness, ProbeKind.Readiness];

    private static JsonObject? ProbeSpec(JsonObject? container, ProbeKind kind) => container?[kind switch
    {
        ProbeKind.Liveness => "livenessProbe",
        ProbeKind.Readiness => "readinessProbe",
        _ => "startupProbe",
    }] as JsonObject;

    private static string TimerKey(string containerId, ProbeKind kind) => $"probe/{containerId}/{kind}";

    private void StartProbes(ContainerRecord record, JsonObject? spec)
    {
        if (record.Current is not { } current)
        {
            return;
        }

        foreach (var kind in Kinds)
        {
            if (ProbeSpec(spec, kind) is { } probe)
            {
                Timers.StartSingleTimer(TimerKey(current.Id, kind), new ProbeTick(current.Id, record.Name, kind), TimeSpan.FromSeconds(PodSpecs.Int(probe, "initialDelaySeconds") ?? 0));
            }
        }
    }

    private void StopProbes(ContainerRecord record)
    {
        if (record.Current is { } current)
        {
            foreach (var kind in Kinds)
            {
                Timers.Cancel(TimerKey(current.Id, kind));
            }
        }
    }

    private void OnProbeTick(ProbeTick tick)
    {
        if (!_records.TryGetValue(tick.Container, out var record) || record.Current?.Id != tick.ContainerId || !record.Running || record.KillReason is not null)
        {
            return;
        }

        var spec = SpecOf(record);
        var probe = ProbeSpec(spec, tick.Kind);
        if (probe is null)
        {
            return;
        }

        if (tick.Kind != ProbeKind.Startup && !record.Started)
        {
            // Liveness and readiness wait for the startup probe.
            Timers.StartSingleTimer(TimerKey(tick.ContainerId, tick.Kind), tick, Period(probe));
            return;
        }

        if (tick.Kind == ProbeKind.Startup && record.Started)
        {
            return;
        }

        var timeout = TimeSpan.FromSeconds(PodSpecs.Int(probe, "timeoutSeconds") ?? 1);
        var podIp = _podIp ?? _context.Node.PrimaryIp;
        _handlers.RunAsync(probe, spec!, tick.ContainerId, podIp, timeout, CancellationToken.None)
            .PipeTo(Self,
                success: result => new ProbeCompleted(tick.ContainerId, tick.Container, tick.Kind, result),
                failure: error => new ProbeCompleted(tick.ContainerId, tick.Container, tick.Kind, HandlerResult.Failed(error.Message)));
    }

    private void OnProbeCompleted(ProbeCompleted completed)
    {
        if (!_records.TryGetValue(completed.Container, out var record) || record.Current?.Id != completed.ContainerId || !record.Running)
        {
            return;
        }

        var probe = ProbeSpec(SpecOf(record), completed.Kind)!;
        var (successes, failures) = record.ProbeCounts.GetValueOrDefault(completed.Kind);
        (successes, failures) = completed.Result.Success ? (successes + 1, 0) : (0, failures + 1);
        record.ProbeCounts[completed.Kind] = (successes, failures);
        var successThreshold = PodSpecs.Int(probe, "successThreshold") ?? 1;
        var failureThreshold = PodSpecs.Int(probe, "failureThreshold") ?? 3;
        var name = completed.Kind.ToString();
        if (!completed.Result.Success)
        {
            Event(record.Name, "Warning", "Unhealthy", $"{name} probe failed: {completed.Result.Message}");
        }

        switch (completed.Kind)
        {
            case ProbeKind.Readiness:
                var ready = record.Ready;
                if (successes >= successThreshold)
                {
                    ready = true;
                }
                else if (failures >= failureThreshold)
                {
                    ready = false;
                }

                if (ready != record.Ready)
                {
                    record.Ready = ready;
                    RequestSync();
                }

                break;
            case ProbeKind.Startup when successes >= successThreshold:
                record.Started = true;
                RequestSync();
                return;
            default:
                if (failures >= failureThreshold)
                {
                    record.KillReason = $"failed {name.ToLowerInvariant()} probe";
                    RequestSync();
                    return;
                }

                break;
        }

        Timers.StartSingleTimer(TimerKey(completed.ContainerId, completed.Kind), new ProbeTick(completed.ContainerId, completed.Container, completed.Kind), Period(probe));
    }

    private static TimeSpan Period(JsonObject probe) => TimeSpan.FromSeconds(PodSpecs.Int(probe, "periodSeconds") ?? 10);
}
