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
/// transaction; and the time recovery spends in the journal and snapshot store.
/// Options: --seconds N (per run, default 3), --synchronous off|normal|full|extra (default full),
/// --dir PATH (default: a new temp directory).
/// </summary>
public static class JournalBenchmark
{
    private const int EventSize = 1024;
    private const int RecoveryEvents = 10_000;
    private const int SnapshotEvery = 1_000;
    private const int RecoveryRepeats = 21;

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

            // Warm up the JIT on both paths, then measure the floors before and after our runs: the disk's
            // speed drifts, and the higher of the two readings is the floor we are held to.
            await RawSingleRowCommitsAsync(Fresh(), TimeSpan.FromSeconds(0.3));
            await WritersAsync(Fresh(), 16, TimeSpan.FromSeconds(0.5));

            var rawSingle = await RawSingleRowCommitsAsync(Fresh(), duration);
            var rawBatch = await RawBatch100RowsAsync(Fresh(), duration);
            var ours = new Dictionary<int, WriterRun>();
            foreach (var writers in WriterCounts)
            {
                ours[writers] = await WritersAsync(Fresh(), writers, duration);
            }

            var rawSingleAfter = await RawSingleRowCommitsAsync(Fresh(), duration);
            var rawBatchAfter = await RawBatch100RowsAsync(Fresh(), duration);
            var singleFloor = Math.Max(rawSingle.PerSecond, rawSingleAfter.PerSecond);
            var batchFloor = Math.Max(rawBatch.PerSecond, rawBatchAfter.PerSecond);
            var commitP50 = Math.Min(rawSingle.P50Ms, rawSingleAfter.P50Ms);
            var commitP99 = Math.Min(rawSingle.P99Ms, rawSingleAfter.P99Ms);

            var recovery = await RecoveryAsync(Fresh());

            Console.WriteLine();
            Console.WriteLine($"raw SQLite floor readings: single-row commits/s {rawSingle.PerSecond:N0} then {rawSingleAfter.PerSecond:N0}; batch-100 rows/s {rawBatch.PerSecond:N0} then {rawBatchAfter.PerSecond:N0}");
            report.Row("persisted events/s, 1 writer", ours[1].PerSecond, "events/s", singleFloor, "raw 1-row commits/s");
            report.Row("persisted events/s, 16 writers", ours[16].PerSecond, "events/s", batchFloor, "raw batch-100 rows/s");
            report.Row("persisted events/s, 256 writers", ours[256].PerSecond, "events/s", batchFloor, "raw batch-100 rows/s");
            foreach (var writers in WriterCounts)
            {
                var label = writers == 1 ? "1 writer" : $"{writers} writers";
                report.Row($"persist latency p50, {label}", ours[writers].P50Ms, "ms", commitP50, "raw commit p50", higherIsBetter: false);
                report.Row($"persist latency p99, {label}", ours[writers].P99Ms, "ms", commitP99, "raw commit p99", higherIsBetter: false);
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

            report.Set("raw_sqlite_commits_per_s", singleFloor);
            report.Set("raw_sqlite_batch100_rows_per_s", batchFloor);
            report.Set("raw_sqlite_commit_p50_ms", commitP50);
            report.Set("raw_sqlite_commit_p99_ms", commitP99);
            report.Set("ratio_1_writer_to_raw_commits", ours[1].PerSecond / singleFloor);
            report.Set("ratio_256_writers_to_raw_batch100", ours[256].PerSecond / batchFloor);
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

    /// <summary>Each writer appends one event at a time to its own entity, waiting for each to be durable.</summary>
    private static async Task<WriterRun> WritersAsync(SqliteJournalSettings settings, int writers, TimeSpan duration)
    {
        await using var journal = new SqliteJournal(settings);
        var payload = new byte[EventSize];
        Random.Shared.NextBytes(payload);
        var latencies = new List<long>[writers];
        using var start = new ManualResetEventSlim();
        var stopAt = 0L;
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var id = $"bench-{writers}-{w}";
            var events = new[] { new SerializedEvent("bench.v1", payload) };
            var mine = latencies[w] = new List<long>(1 << 14);
            start.Wait();
            for (long sequenceNr = 0; Stopwatch.GetTimestamp() < Volatile.Read(ref stopAt); sequenceNr++)
            {
                var began = Stopwatch.GetTimestamp();
                await journal.WriteAsync(id, sequenceNr, events).ConfigureAwait(false);
                mine.Add(Stopwatch.GetTimestamp() - began);
            }
        })).ToArray();

        var before = journal.Statistics;
        var began = Stopwatch.GetTimestamp();
        Volatile.Write(ref stopAt, began + (long)(duration.TotalSeconds * Stopwatch.Frequency));
        start.Set();
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(began).TotalSeconds;
        var after = journal.Statistics;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new WriterRun(
            all.Length / elapsed,
            Percentile(all, 0.50),
            Percentile(all, 0.99),
            (double)(after.Events - before.Events) / Math.Max(1, after.Commits - before.Commits));
    }

    /// <summary>
    /// What a persistent actor's recovery asks of the stores: the latest snapshot, the events after it, the
    /// highest sequence nr. The entity's events are interleaved with another entity's, as in a shared journal.
    /// </summary>
    private static async Task<RecoveryRun> RecoveryAsync(SqliteJournalSettings settings)
    {
        var payload = new byte[EventSize];
        var snapshot = new SerializedEvent("state.v1", new byte[16 * 1024]);
        await using (var journal = new SqliteJournal(settings))
        await using (var snapshots = new SqliteSnapshotStore(settings))
        {
            var batch = Enumerable.Repeat(new SerializedEvent("bench.v1", payload), 100).ToArray();
            for (var sequenceNr = 0; sequenceNr < RecoveryEvents; sequenceNr += 100)
            {
                foreach (var id in (string[])["recover", "recover-worst", "recover-full", "noise"])
                {
                    await journal.WriteAsync(id, sequenceNr, batch);
                }

                if ((sequenceNr + 100) % SnapshotEvery == 0)
                {
                    await snapshots.SaveAsync(new SnapshotMetadata("recover", sequenceNr + 100, DateTimeOffset.UtcNow), snapshot);
                    if (sequenceNr + 100 < RecoveryEvents)
                    {
                        await snapshots.SaveAsync(new SnapshotMetadata("recover-worst", sequenceNr + 100, DateTimeOffset.UtcNow), snapshot);
                    }
                }
            }

            // The worst case for a snapshot every 1,000: 999 events after the latest.
            await journal.WriteAsync("recover-worst", RecoveryEvents, batch[..99]);
        }

        // Reopened, as a restarted process would recover.
        await using var reopened = new SqliteJournal(settings);
        await using var store = new SqliteSnapshotStore(settings);
        return new RecoveryRun(
            await MedianMsAsync(() => RecoverAsync(reopened, store, "recover", RecoveryEvents)),
            await MedianMsAsync(() => RecoverAsync(reopened, store, "recover-worst", RecoveryEvents + 99)),
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

    /// <summary>The floors: plain Microsoft.Data.Sqlite inserting the same rows into the same table, nothing in between.</summary>
    private static Task<RawRun> RawSingleRowCommitsAsync(SqliteJournalSettings settings, TimeSpan duration) =>
        Task.Run(() => MeasureRaw(settings, duration, rowsPerTransaction: 1));

    private static Task<RawRun> RawBatch100RowsAsync(SqliteJournalSettings settings, TimeSpan duration) =>
        Task.Run(() => MeasureRaw(settings, duration, rowsPerTransaction: 100));

    private static async Task CreateJournalTableAsync(SqliteJournalSettings settings)
    {
        // The journal creates its own schema: the floor writes into exactly that table.
        await using var journal = new SqliteJournal(settings);
    }

    private static RawRun MeasureRaw(SqliteJournalSettings settings, TimeSpan duration, int rowsPerTransaction)
    {
        CreateJournalTableAsync(settings).GetAwaiter().GetResult();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = settings.Path, Pooling = false }.ToString());
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA synchronous = {(int)settings.Synchronous};";
            pragma.ExecuteNonQuery();
        }

        var payload = new byte[1024];
        Random.Shared.NextBytes(payload);
        using var insert = connection.CreateCommand();
        insert.CommandText = RawInsertSql;
        var revision = insert.Parameters.Add("$revision", SqliteType.Integer);
        insert.Parameters.Add("$id", SqliteType.Text).Value = "raw";
        var sequenceNr = insert.Parameters.Add("$sequenceNr", SqliteType.Integer);
        var previous = insert.Parameters.Add("$previous", SqliteType.Integer);
        var timestamp = insert.Parameters.Add("$timestamp", SqliteType.Integer);
        insert.Parameters.Add("$manifest", SqliteType.Text).Value = "bench.v1";
        insert.Parameters.Add("$payload", SqliteType.Blob).Value = payload;
        insert.Prepare();

        var commitTimes = new List<long>(1 << 15);
        long rows = 0;
        var began = Stopwatch.GetTimestamp();
        var stopAt = began + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            var transactionBegan = Stopwatch.GetTimestamp();
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            for (var i = 0; i < rowsPerTransaction; i++)
            {
                rows++;
                revision.Value = rows;
                sequenceNr.Value = rows;
                previous.Value = rows - 1;
                timestamp.Value = DateTimeOffset.UtcNow.UtcTicks;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
            commitTimes.Add(Stopwatch.GetTimestamp() - transactionBegan);
        }

        var elapsed = Stopwatch.GetElapsedTime(began).TotalSeconds;
        commitTimes.Sort();
        return new RawRun(rows / elapsed, Percentile([.. commitTimes], 0.50), Percentile([.. commitTimes], 0.99));
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

    private sealed record WriterRun(double PerSecond, double P50Ms, double P99Ms, double AverageBatch);

    private sealed record RecoveryRun(double LatestSnapshotMs, double WorstCaseMs, double FullReplayMs);

    private sealed record RawRun(double PerSecond, double P50Ms, double P99Ms);
}
