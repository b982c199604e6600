using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Akka.Actor;
using Orchestrator.Persistence.Plugins;
using Orchestrator.Persistence.Sqlite;

namespace Orchestrator.Benchmarks.Journal;

/// <summary>
/// The SQLite journal plugin through Akka.Persistence against plain SQLite on the same disk, with the same
/// synchronous setting and the same table: persisted events/s and latency with 1, 16 and 256 persistent
/// actors (1 KiB events, each actor persisting to its own entity one event after another), beside raw
/// single-row commits/s and raw rows/s inserted 100 per transaction, all measured interleaved in slices;
/// and the time a persistent actor takes to recover from a snapshot and the events after it.
/// Options: --seconds N (per run, default 3), --synchronous off|normal|full|extra (default full),
/// --dir PATH (default: a new temp directory).
/// </summary>
public static class JournalBenchmark
{
    private const int EventSize = 1024;
    private const int RecoveryEvents = 10_000;
    private const int SnapshotEvery = 1_000;
    private const int RecoveryRepeats = 21;
    private const int Slices = 10;

    private const string RawInsertSql = """
        INSERT INTO journal (revision, persistence_id, sequence_nr, previous, timestamp, manifest, payload)
        VALUES ($revision, $id, $sequenceNr, $previous, $timestamp, $manifest, $payload);
        """;

    private static readonly int[] WriterCounts = [1, 16, 256];

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var seconds = double.Parse(Option(args, "--seconds") ?? "3", CultureInfo.InvariantCulture);
        var synchronous = Enum.Parse<SqliteSynchronousMode>(Option(args, "--synchronous") ?? "full", ignoreCase: true);
        var root = Option(args, "--dir") is { } dir ? Directory.CreateDirectory(dir).FullName : Directory.CreateTempSubdirectory("journal-bench-").FullName;
        var duration = TimeSpan.FromSeconds(seconds);
        var report = new Report();
        Console.WriteLine($"journal benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, SQLite {SqliteVersion()}, synchronous={synchronous}, {seconds} s per run, {EventSize} B events, files in {root}");

        try
        {
            var run = 0;
            SqliteJournalSettings Fresh() => new SqliteJournalSettings(Path.Combine(root, $"run-{run++}.db")) { Synchronous = synchronous };

            // Each measurement keeps its own file open throughout. They run interleaved in short slices, so a
            // floor and the figure held against it see the same disk: its speed swings with whatever else the
            // machine is doing, and back-to-back runs seconds apart would compare different disks.
            using var rawSingle = new RawFloor(Fresh(), rowsPerTransaction: 1);
            using var rawBatch = new RawFloor(Fresh(), rowsPerTransaction: 100);
            var ours = new Dictionary<int, JournalRun>();
            try
            {
                foreach (var writers in WriterCounts)
                {
                    ours[writers] = new JournalRun(Path.Combine(root, $"actors-{writers}"), synchronous, writers);
                }

                // Warm up the JIT on every path, then start counting.
                var warmUp = TimeSpan.FromSeconds(0.2);
                rawSingle.Run(warmUp);
                rawBatch.Run(warmUp);
                foreach (var journalRun in ours.Values)
                {
                    await journalRun.RunAsync(warmUp);
                }

                rawSingle.Reset();
                rawBatch.Reset();
                foreach (var journalRun in ours.Values)
                {
                    journalRun.Reset();
                }

                // The order rotates every round: whatever I/O a slice leaves behind (a checkpoint, the kernel's
                // writeback) lands on each of the others in turn, not always on the same one.
                var slice = duration / Slices;
                Func<Task>[] measurements =
                [
                    () => Task.Run(() => rawSingle.Run(slice)),
                    () => ours[1].RunAsync(slice),
                    () => Task.Run(() => rawBatch.Run(slice)),
                    () => ours[16].RunAsync(slice),
                    () => ours[256].RunAsync(slice),
                ];
                for (var round = 0; round < Slices; round++)
                {
                    for (var k = 0; k < measurements.Length; k++)
                    {
                        await measurements[(round + k) % measurements.Length]();
                    }
                }
            }
            finally
            {
                foreach (var journalRun in ours.Values)
                {
                    await journalRun.DisposeAsync();
                }
            }

            var recovery = await RecoveryAsync(Path.Combine(root, "recovery"), synchronous);

            Console.WriteLine();
            report.Row("persisted events/s, 1 writer", ours[1].PerSecond, "events/s", rawSingle.PerSecond, "raw 1-row commits/s");
            report.Row("persisted events/s, 16 writers", ours[16].PerSecond, "events/s", rawBatch.PerSecond, "raw batch-100 rows/s");
            report.Row("persisted events/s, 256 writers", ours[256].PerSecond, "events/s", rawBatch.PerSecond, "raw batch-100 rows/s");
            foreach (var writers in WriterCounts)
            {
                var label = writers == 1 ? "1 writer" : $"{writers} writers";
                report.Row($"persist latency p50, {label}", ours[writers].P50Ms, "ms", rawSingle.P50Ms, "raw commit p50", higherIsBetter: false);
                report.Row($"persist latency p99, {label}", ours[writers].P99Ms, "ms", rawSingle.P99Ms, "raw commit p99", higherIsBetter: false);
                report.Row($"events per group commit, {label}", ours[writers].AverageBatch, "events");
            }

            report.Row($"recovery: snapshot + events after it ({RecoveryEvents:N0} events)", recovery.LatestSnapshotMs, "ms");
            report.Row("recovery: snapshot + 999 events after it", recovery.WorstCaseMs, "ms");
            report.Row($"recovery: no snapshot, replay {RecoveryEvents:N0} events", recovery.FullReplayMs, "ms");

            foreach (var writers in WriterCounts)
            {
                report.Set($"events_per_s_{writers}", ours[writers].PerSecond);
                report.Set($"persist_p50_ms_{writers}", ours[writers].P50Ms);
                report.Set($"persist_p99_ms_{writers}", ours[writers].P99Ms);
                report.Set($"events_per_commit_{writers}", ours[writers].AverageBatch);
            }

            report.Set("raw_sqlite_commits_per_s", rawSingle.PerSecond);
            report.Set("raw_sqlite_batch100_rows_per_s", rawBatch.PerSecond);
            report.Set("raw_sqlite_commit_p50_ms", rawSingle.P50Ms);
            report.Set("raw_sqlite_commit_p99_ms", rawSingle.P99Ms);
            report.Set("ratio_1_writer_to_raw_commits", ours[1].PerSecond / rawSingle.PerSecond);
            report.Set("ratio_256_writers_to_raw_batch100", ours[256].PerSecond / rawBatch.PerSecond);
            report.Set("recovery_ms", recovery.LatestSnapshotMs);
            report.Set("recovery_999_after_snapshot_ms", recovery.WorstCaseMs);
            report.Set("recovery_no_snapshot_ms", recovery.FullReplayMs);
            report.PrintJson();
            return 0;
        }
        finally
        {
            if (Option(args, "--dir") is null)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>
    /// A persistent actor's recovery through the plugins: the latest snapshot, the events after it, the
    /// highest sequence nr. The histories are written concurrently, so each entity's events are interleaved
    /// with the others' in the journal, as in a shared journal (the read path's worst case).
    /// </summary>
    private static async Task<RecoveryRun> RecoveryAsync(string basePath, SqliteSynchronousMode synchronous)
    {
        var blob = new Blob(new byte[EventSize]);
        var state = new BenchState(new byte[16 * 1024]);

        // Written without fsync to keep the setup short; reading does not depend on how it was written.
        using (var setup = BenchSerializer.CreateSystem("recovery-setup", basePath, SqliteSynchronousMode.Off))
        {
            await Task.WhenAll(((string[])["recover", "recover-worst", "recover-full", "noise"]).Select(id =>
            {
                // The worst case for a snapshot every 1,000: 999 events after the latest.
                var count = id == "recover-worst" ? RecoveryEvents + 999 - SnapshotEvery : RecoveryEvents;
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var every = id is "recover" or "recover-worst" ? SnapshotEvery : 0;
                setup.ActorOf(Props.Create(() => new HistoryWriter(id, count, every, blob, state, done))).Tell(new HistoryWriter.Write());
                return done.Task;
            }));
            await setup.Terminate();
        }

        // A new actor system, as a restarted process would recover.
        using var system = BenchSerializer.CreateSystem("recovery", basePath, synchronous);
        return new RecoveryRun(
            await MedianMsAsync(() => RecoverAsync(system, "recover", RecoveryEvents)),
            await MedianMsAsync(() => RecoverAsync(system, "recover-worst", RecoveryEvents + 999 - SnapshotEvery)),
            await MedianMsAsync(() => RecoverAsync(system, "recover-full", RecoveryEvents)));
    }

    private static async Task RecoverAsync(ActorSystem system, string id, long expectedSequenceNr)
    {
        var recovered = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = system.ActorOf(Props.Create(() => new RecoveringActor(id, recovered)));
        var sequenceNr = await recovered.Task;
        await actor.GracefulStop(TimeSpan.FromSeconds(10));
        if (sequenceNr != expectedSequenceNr)
        {
            throw new InvalidOperationException($"recovered {id} to {sequenceNr}, expected {expectedSequenceNr}");
        }
    }

    private static async Task<double> MedianMsAsync(Func<Task> work)
    {
        var times = new double[RecoveryRepeats];
        for (var i = 0; i < times.Length; i++)
        {
            var began = Stopwatch.GetTimestamp();
            await work();
            times[i] = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[times.Length / 2];
    }

    private static double Percentile(long[] sortedTicks, double percentile) =>
        sortedTicks.Length == 0 ? 0 : sortedTicks[Math.Min(sortedTicks.Length - 1, (int)(sortedTicks.Length * percentile))] * 1000.0 / Stopwatch.Frequency;

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string SqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection.ServerVersion;
    }

    private sealed record RecoveryRun(double LatestSnapshotMs, double WorstCaseMs, double FullReplayMs);

    /// <summary>
    /// A floor: plain Microsoft.Data.Sqlite inserting the same 1 KiB rows into the same table (the journal
    /// creates it), on the same disk and synchronous setting, with nothing in between.
    /// </summary>
    private sealed class RawFloor : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter _revision;
        private readonly SqliteParameter _sequenceNr;
        private readonly SqliteParameter _previous;
        private readonly SqliteParameter _timestamp;
        private readonly int _rowsPerTransaction;
        private readonly List<long> _commitTicks = new(1 << 15);
        private long _rows;
        private long _counted;
        private long _elapsedTicks;

        public RawFloor(SqliteJournalSettings settings, int rowsPerTransaction)
        {
            _rowsPerTransaction = rowsPerTransaction;
            new SqliteJournal(settings).DisposeAsync().AsTask().GetAwaiter().GetResult();
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = settings.Path, Pooling = false }.ToString());
            _connection.Open();
            using (var pragma = _connection.CreateCommand())
            {
                pragma.CommandText = $"PRAGMA synchronous = {(int)settings.Synchronous};";
                pragma.ExecuteNonQuery();
            }

            var payload = new byte[EventSize];
            Random.Shared.NextBytes(payload);
            _insert = _connection.CreateCommand();
            _insert.CommandText = RawInsertSql;
            _revision = _insert.Parameters.Add("$revision", SqliteType.Integer);
            _insert.Parameters.Add("$id", SqliteType.Text).Value = "raw";
            _sequenceNr = _insert.Parameters.Add("$sequenceNr", SqliteType.Integer);
            _previous = _insert.Parameters.Add("$previous", SqliteType.Integer);
            _timestamp = _insert.Parameters.Add("$timestamp", SqliteType.Integer);
            _insert.Parameters.Add("$manifest", SqliteType.Text).Value = "bench.v1";
            _insert.Parameters.Add("$payload", SqliteType.Blob).Value = payload;
            _insert.Prepare();
        }

        public double PerSecond => _counted / (_elapsedTicks / (double)Stopwatch.Frequency);

        public double P50Ms => Percentile([.. _commitTicks.Order()], 0.50);

        public double P99Ms => Percentile([.. _commitTicks.Order()], 0.99);

        public void Run(TimeSpan duration)
        {
            var began = Stopwatch.GetTimestamp();
            var stopAt = began + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var transactionBegan = Stopwatch.GetTimestamp();
                using var transaction = _connection.BeginTransaction();
                _insert.Transaction = transaction;
                for (var i = 0; i < _rowsPerTransaction; i++)
                {
                    _rows++;
                    _revision.Value = _rows;
                    _sequenceNr.Value = _rows;
                    _previous.Value = _rows - 1;
                    _timestamp.Value = DateTimeOffset.UtcNow.UtcTicks;
                    _insert.ExecuteNonQuery();
                }

                transaction.Commit();
                _commitTicks.Add(Stopwatch.GetTimestamp() - transactionBegan);
                _counted += _rowsPerTransaction;
            }

            _elapsedTicks += Stopwatch.GetTimestamp() - began;
        }

        public void Reset()
        {
            _commitTicks.Clear();
            _counted = 0;
            _elapsedTicks = 0;
        }

        public void Dispose()
        {
            _insert.Dispose();
            _connection.Dispose();
        }
    }

    /// <summary>The journal plugin with a number of persistent actors, each persisting one 1 KiB event at a time to its own entity.</summary>
    private sealed class JournalRun : IAsyncDisposable
    {
        private readonly ActorSystem _system;
        private readonly SqliteJournal _store;
        private readonly IActorRef[] _writers;
        private readonly List<long>[] _latencies;
        private long _counted;
        private long _elapsedTicks;
        private SqliteJournalStatistics _statisticsAtReset;

        public JournalRun(string basePath, SqliteSynchronousMode synchronous, int writers)
        {
            _system = BenchSerializer.CreateSystem($"journal-{writers}", basePath, synchronous);
            _store = (SqliteJournal)JournalStores.Get(_system).GetOrOpen("akka.persistence.journal.sqlite");
            _latencies = [.. Enumerable.Range(0, writers).Select(_ => new List<long>(1 << 12))];
            var payload = new byte[EventSize];
            Random.Shared.NextBytes(payload);
            var blob = new Blob(payload);
            _writers = [.. Enumerable.Range(0, writers).Select(w =>
            {
                var latencies = _latencies[w];
                return _system.ActorOf(Props.Create(() => new PersistingWriter($"bench-{writers}-{w}", blob, latencies)));
            })];
        }

        public double PerSecond => _counted / (_elapsedTicks / (double)Stopwatch.Frequency);

        public double P50Ms => Percentile([.. _latencies.SelectMany(l => l).Order()], 0.50);

        public double P99Ms => Percentile([.. _latencies.SelectMany(l => l).Order()], 0.99);

        public double AverageBatch
        {
            get
            {
                var now = _store.Statistics;
                return (double)(now.Events - _statisticsAtReset.Events) / Math.Max(1, now.Commits - _statisticsAtReset.Commits);
            }
        }

        public async Task RunAsync(TimeSpan duration)
        {
            var before = _latencies.Sum(l => (long)l.Count);
            var began = Stopwatch.GetTimestamp();
            var deadline = began + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var done = _writers.Select(w =>
            {
                var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                w.Tell(new PersistingWriter.Run(deadline, finished));
                return finished.Task;
            }).ToArray();
            await Task.WhenAll(done);
            _elapsedTicks += Stopwatch.GetTimestamp() - began;
            _counted += _latencies.Sum(l => (long)l.Count) - before;
        }

        public void Reset()
        {
            foreach (var latencies in _latencies)
            {
                latencies.Clear();
            }

            _counted = 0;
            _elapsedTicks = 0;
            _statisticsAtReset = _store.Statistics;
        }

        public async ValueTask DisposeAsync() => await _system.Terminate();
    }
}
