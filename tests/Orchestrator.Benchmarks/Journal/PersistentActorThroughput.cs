using System.Diagnostics;
using Orchestrator.Actors;
using Orchestrator.Persistence.PersistentActors;
using Orchestrator.Persistence.Serialization;
using Orchestrator.Persistence.Sqlite;
using Orchestrator.Persistence.Snapshots;

namespace Orchestrator.Benchmarks.Journal;

/// <summary>
/// Persist through real persistent actors on the SQLite journal: N actors, each persisting 1 KiB events
/// one after another (the next Persist once the previous is durable), as entities do.
/// </summary>
internal static class PersistentActorThroughput
{
    public sealed record Result(int Actors, double EventsPerSecond, double P50Ms, double P99Ms);

    /// <summary>scripts/bench.sh persist: 1, 16 and 256 persistent actors, 3 s each.</summary>
    public static async Task<int> BenchAsync(string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("orchestrator-persist-").FullName;
        var report = new Report();
        try
        {
            foreach (var actors in (int[])[1, 16, 256])
            {
                var result = await RunAsync(dir, actors, TimeSpan.FromSeconds(3));
                report.Row($"persist, {actors} persistent actors", result.EventsPerSecond, "events/s");
                report.Row($"  p50 / p99", result.P50Ms, $"/ {result.P99Ms:F2} ms");
                report.Set($"actor_events_per_s_{actors}", result.EventsPerSecond);
                report.Set($"actor_persist_p50_ms_{actors}", result.P50Ms);
                report.Set($"actor_persist_p99_ms_{actors}", result.P99Ms);
            }

            report.PrintJson();
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static async Task<Result> RunAsync(string dataDir, int actors, TimeSpan duration)
    {
        Directory.CreateDirectory(dataDir);
        var settings = new SqliteJournalSettings(Path.Combine(dataDir, $"actors-{actors}.db"));
        await using var journal = new SqliteJournal(settings);
        await using var snapshots = new SqliteSnapshotStore(settings);
        var system = ActorSystem.Create("persist-bench");
        PersistenceExtension.Register(system, journal, snapshots, new EventSerializer().Register<Blob>("blob"));
        var payload = new byte[1024];
        Random.Shared.NextBytes(payload);
        var data = Convert.ToBase64String(payload)[..1024];
        var latencies = new List<double>[actors];
        var running = new CancellationTokenSource();
        var started = 0;
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = new CountdownEvent(actors);
        for (var i = 0; i < actors; i++)
        {
            var samples = latencies[i] = new List<double>(1 << 14);
            var id = $"writer-{i}";
            system.ActorOf(Props.Create(() => new Writer(id, data, samples, () =>
            {
                if (Interlocked.Increment(ref started) == actors)
                {
                    allStarted.TrySetResult();
                }
            }, () => stopped.Signal(), running.Token)));
        }

        await allStarted.Task;
        foreach (var list in latencies)
        {
            lock (list)
            {
                list.Clear();
            }
        }

        var sw = Stopwatch.StartNew();
        await Task.Delay(duration);
        var elapsed = sw.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l =>
        {
            lock (l)
            {
                return l.ToArray();
            }
        }).Order().ToArray();
        await running.CancelAsync();
        stopped.Wait(TimeSpan.FromSeconds(10));
        await system.Terminate();
        running.Dispose();
        stopped.Dispose();
        return new Result(actors, all.Length / elapsed, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
    }

    public sealed record Blob(string Data);

    private sealed class Writer : ReceivePersistentActor
    {
        public Writer(string id, string data, List<double> latencies, Action started, Action stopped, CancellationToken running)
        {
            PersistenceId = id;
            var begun = 0L;
            Recover<RecoveryCompleted>(_ =>
            {
                started();
                Self.Tell(Next.Instance);
            });
            Command<Next>(_ =>
            {
                if (running.IsCancellationRequested)
                {
                    stopped();
                    return;
                }

                begun = Stopwatch.GetTimestamp();
                Persist(new Blob(data), _ =>
                {
                    lock (latencies)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
                    }

                    Self.Tell(Next.Instance);
                });
            });
        }

        public override string PersistenceId { get; }
    }

    private sealed class Next
    {
        public static readonly Next Instance = new();
    }
}
