using Microsoft.Extensions.Logging;
using Orchestrator.Actors;
using Orchestrator.Persistence.Journal;

namespace Orchestrator.Api.Entities;

/// <summary>
/// Compacts the journal periodically, keeping the last <c>retain</c> revisions readable, as the
/// kube-apiserver compacts etcd every 5 minutes. Watches from before the floor get 410 Gone.
/// </summary>
public sealed class JournalCompactor : ReceiveActor, IWithTimers
{
    public JournalCompactor(IJournal journal, TimeSpan interval, long retain)
    {
        ReceiveAsync<Tick>(async _ =>
        {
            var head = await journal.HighestRevisionAsync();
            var floor = head - retain;
            if (floor > journal.CompactedRevision)
            {
                await journal.CompactAsync(floor);
                Context.Log.LogInformation("compacted the journal to revision {Revision}", floor);
            }
        });
        Timers.StartPeriodicTimer("compact", Tick.Instance, interval);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
