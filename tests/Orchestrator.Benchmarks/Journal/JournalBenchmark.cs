using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Orchestrator.Persistence;
using Orchestrator.Persistence.Snapshots;
using Orchestrator.Persistence.Sqlite;

namespace Orchestrator.Benchmarks.Journal;

/// <summary>
/// The SQLite journal against plain SQLite on the same disk, with the same synchronous setting and the
/// same table: persisted events/s and latency with 1, 16 and 256 concurrent writers (1 KiB events, each
/// writer appending to its own entity), beside raw single-row commits/s and raw rows/s inserted 100 per
/// transaction, all measured interleaved in slices; and the time recovery spends in the journal and
/// snapshot store.
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
                    ours[writers] = new JournalRun(Fresh(), writers);
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

            var recovery = await RecoveryAsync(Fresh());

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
    /// What a persistent actor's recovery asks of the stores: the latest snapshot, the events after it, the
    /// highest sequence nr. The entities write one event at a time, concurrently, so each one's events are
    /// interleaved with the others' in the journal, as in a shared journal (the read path's worst case).
    /// </summary>
    private static async Task<RecoveryRun> RecoveryAsync(SqliteJournalSettings settings)
    {
        var payload = new byte[EventSize];
        var snapshot = new SerializedEvent("state.v1", new byte[16 * 1024]);

        // Written without fsync to keep the setup short; reading does not depend on how it was written.
        var setup = settings with { Synchronous = SqliteSynchronousMode.Off };
        await using (var journal = new SqliteJournal(setup))
        await using (var snapshots = new SqliteSnapshotStore(setup))
        {
            var events = new[] { new SerializedEvent("bench.v1", payload) };
            await Task.WhenAll(((string[])["recover", "recover-worst", "recover-full", "noise"]).Select(id => Task.Run(async () =>
            {
                // The worst case for a snapshot every 1,000: 999 events after the latest.
                var count = id == "recover-worst" ? RecoveryEvents + 999 - SnapshotEvery : RecoveryEvents;
                for (var sequenceNr = 0; sequenceNr < count; sequenceNr++)
                {
                    await journal.WriteAsync(id, sequenceNr, events);
                    if ((sequenceNr + 1) % SnapshotEvery == 0 && id is "recover" or "recover-worst")
                    {
                        await snapshots.SaveAsync(new SnapshotMetadata(id, sequenceNr + 1, DateTimeOffset.UtcNow), snapshot);
                    }
                }
            })));
        }

        // Reopened, as a restarted process would recover.
        await using var reopened = new SqliteJournal(settings);
        await using var store = new SqliteSnapshotStore(settings);
        return new RecoveryRun(
            await MedianMsAsync(() => RecoverAsync(reopened, store, "recover", RecoveryEvents)),
            await MedianMsAsync(() => RecoverAsync(reopened, store, "recover-worst", RecoveryEvents + 999 - SnapshotEvery)),
            await MedianMsAsync(() => RecoverAsync(reopened, store, "recover-full", RecoveryEvents)));
    }

    private static async Task RecoverAsync(SqliteJournal journal, SqliteSnapshotStore store, string id, long expectedSequenceNr)
    {
        var selected = await store.LoadAsync(id, SnapshotSelectionCriteria.Latest);
        var sequenceNr = selected?.Metadata.SequenceNr ?? 0;
        await foreach (var e in journal.ReadAsync(id, sequenceNr + 1, long.MaxValue))
        {
            sequenceNr = e.SequenceNr;
        }

        sequenceNr = Math.Max(sequenceNr, await journal.HighestSequenceNrAsync(id));
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

    /// <summary>Our journal with a number of writers, each appending one 1 KiB event at a time to its own entity.</summary>
    private sealed class JournalRun : IAsyncDisposable
    {
        private readonly SqliteJournal _journal;
        private readonly int _writers;
        private readonly long[] _sequenceNrs;
        private readonly List<long>[] _latencies;
        private readonly SerializedEvent[] _event;
        private long _counted;
        private long _elapsedTicks;
        private SqliteJournalStatistics _statisticsAtReset;

        public JournalRun(SqliteJournalSettings settings, int writers)
        {
            _journal = new SqliteJournal(settings);
            _writers = writers;
            _sequenceNrs = new long[writers];
            _latencies = [.. Enumerable.Range(0, writers).Select(_ => new List<long>(1 << 12))];
            var payload = new byte[EventSize];
            Random.Shared.NextBytes(payload);
            _event = [new SerializedEvent("bench.v1", payload)];
        }

        public double PerSecond => _counted / (_elapsedTicks / (double)Stopwatch.Frequency);

        public double P50Ms => Percentile([.. _latencies.SelectMany(l => l).Order()], 0.50);

        public double P99Ms => Percentile([.. _latencies.SelectMany(l => l).Order()], 0.99);

        public double AverageBatch
        {
            get
            {
                var now = _journal.Statistics;
                return (double)(now.Events - _statisticsAtReset.Events) / Math.Max(1, now.Commits - _statisticsAtReset.Commits);
            }
        }

        public async Task RunAsync(TimeSpan duration)
        {
            using var start = new ManualResetEventSlim();
            var stopAt = 0L;
            var tasks = Enumerable.Range(0, _writers).Select(w => Task.Run(async () =>
            {
                var id = $"bench-{_writers}-{w}";
                var latencies = _latencies[w];
                start.Wait();
                while (Stopwatch.GetTimestamp() < Volatile.Read(ref stopAt))
                {
                    var began = Stopwatch.GetTimestamp();
                    await _journal.WriteAsync(id, _sequenceNrs[w], _event).ConfigureAwait(false);
                    latencies.Add(Stopwatch.GetTimestamp() - began);
                    _sequenceNrs[w]++;
                }
            })).ToArray();

            var before = _sequenceNrs.Sum();
            var began = Stopwatch.GetTimestamp();
            Volatile.Write(ref stopAt, began + (long)(duration.TotalSeconds * Stopwatch.Frequency));
            start.Set();
            await Task.WhenAll(tasks);
            _elapsedTicks += Stopwatch.GetTimestamp() - began;
            _counted += _sequenceNrs.Sum() - before;
        }

        public void Reset()
        {
            foreach (var latencies in _latencies)
            {
                latencies.Clear();
            }

            _counted = 0;
            _elapsedTicks = 0;
            _statisticsAtReset = _journal.Statistics;
        }

        public ValueTask DisposeAsync() => _journal.DisposeAsync();
    }
}
