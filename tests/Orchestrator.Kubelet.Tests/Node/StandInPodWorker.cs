using Akka.Actor;
using Orchestrator.Kubelet.Pods;

namespace Orchestrator.Kubelet.Tests.Node;

/// <summary>
/// Stands in for the PodActor: tells the test what it was made with and every message it gets, and stops the
/// way a PodActor does: at once when its pod is gone from the API, after <paramref name="stopTime"/> when the
/// node shuts down.
/// </summary>
internal sealed class StandInPodWorker : ReceiveActor, IWithTimers
{
    public StandInPodWorker(PodActorContext context, IActorRef report, TimeSpan stopTime)
    {
        var uid = Orchestrator.Model.Objects.KubeObject.Uid(context.Pod)!;
        report.Tell(new WorkerStarted(uid, context));
        Receive<PodRemovedFromApi>(m =>
        {
            report.Tell(new WorkerGot(uid, m));
            Context.Stop(Self);
        });
        Receive<StopPodForShutdown>(m =>
        {
            report.Tell(new WorkerGot(uid, m));
            Timers.StartSingleTimer("stop", PoisonPill.Instance, stopTime);
        });
        ReceiveAny(m => report.Tell(new WorkerGot(uid, m)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static PodWorkerProps Factory(IActorRef report, TimeSpan? stopTime = null) =>
        context => Props.Create(() => new StandInPodWorker(context, report, stopTime ?? TimeSpan.Zero));

    protected override void PostStop() => Context.System.EventStream.Publish(new WorkerStopped(Self.Path.Name));
}

internal sealed record WorkerStarted(string Uid, PodActorContext Context);

internal sealed record WorkerGot(string Uid, object Message);

internal sealed record WorkerStopped(string Name);
