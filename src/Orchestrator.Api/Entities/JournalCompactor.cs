using Akka.Actor;
using Akka.Event;
using Orchestrator.Persistence.Journal;

namespace Orchestrator.Api.Entities;

/// <summary>
/// Compacts the journal periodically, keeping the last <c>retain</c> revisions readable, as the
/// kube-apiserver compacts etcd every 5 minutes. Watches from before the floor get 410 Gone.
/// </summary>
public sealed class JournalCompactor : ReceiveActor, IWithTimers
{
    private readonly TimeSpan _interval;

    public JournalCompactor(IJournal journal, TimeSpan interval, long retain)
    {
        _interval = interval;
        var log = Context.GetLogger();
        ReceiveAsync<Tick>(async _ =>
        {
            var head = await journal.HighestRevisionAsync();
            var floor = head - retain;
            if (floor > journal.CompactedRevision)
            {
                await journal.CompactAsync(floor);
                log.Info("compacted the journal to revision {0}", floor);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer("compact", Tick.Instance, _interval);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
