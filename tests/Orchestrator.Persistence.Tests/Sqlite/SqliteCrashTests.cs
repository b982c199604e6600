using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Orchestrator.Persistence.CrashWriter;
using Orchestrator.Persistence.Sqlite;
using Orchestrator.Persistence.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Persistence.Tests.Sqlite;

/// <summary>
/// Durability with a real crash: a child process persists through the SQLite journal plugin with several persistent actors and prints
/// each acknowledged write; it is SIGKILLed at a random moment, and every acknowledged event must be in
/// the reopened journal, in order, with nothing torn.
/// </summary>
public sealed class SqliteCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 20;
    private const int Writers = 4;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static string CrashWriterPath =>
        typeof(SqliteCrashTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "CrashWriterPath").Value!;

    [Fact]
    public async Task Every_acknowledged_event_survives_a_kill_at_a_random_moment()
    {
        Assert.True(File.Exists(CrashWriterPath), $"The crash writer was not built at {CrashWriterPath}.");
        var path = _directory.File("journal.db");
        var random = new Random(20250101);
        var acknowledgedTotal = 0;
        var stopwatch = Stopwatch.StartNew();
        for (var round = 0; round < Rounds; round++)
        {
            var killAfter = TimeSpan.FromMilliseconds(random.Next(0, 400));
            var acks = await RunAndKillAsync(path, killAfter);
            acknowledgedTotal += acks.Count;
            await VerifyAsync(path, acks, round);
        }

        output.WriteLine($"{Rounds} rounds, {acknowledgedTotal} acknowledged writes verified in {stopwatch.Elapsed.TotalSeconds:F1} s");

        // The kills landed while writes were flowing, not only before the first one.
        Assert.True(acknowledgedTotal > Rounds * 10, $"only {acknowledgedTotal} writes were acknowledged");
    }

    private static async Task<List<Ack>> RunAndKillAsync(string path, TimeSpan killAfter)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CrashWriterPath);
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(Writers.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        var received = new System.Text.StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stdout = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (received)
                {
                    received.Append(buffer, 0, read);
                    if (received.Length >= 6 && received.ToString(0, 6) == "ready\n")
                    {
                        ready.TrySetResult();
                    }
                }
            }

            ready.TrySetResult();
        });
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            // Wait until it is about to write, then kill it at the chosen moment.
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(killAfter);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        await stdout;
        var output = received.ToString();
        Assert.True(output.StartsWith("ready\n", StringComparison.Ordinal), $"The crash writer did not start: {output} {await stderr}");

        // Only whole lines count: the kill may cut the last one.
        var acks = new List<Ack>();
        foreach (var line in output.Split('\n').SkipLast(1).Skip(1))
        {
            var parts = line.Split(' ');
            Assert.True(parts is ["ack", _, _, _, _, "end"], $"Unexpected line from the crash writer: {line}");
            acks.Add(new Ack(
                parts[1],
                long.Parse(parts[2], CultureInfo.InvariantCulture),
                long.Parse(parts[3], CultureInfo.InvariantCulture),
                int.Parse(parts[4], CultureInfo.InvariantCulture)));
        }

        return acks;
    }

    private static async Task VerifyAsync(string path, List<Ack> acks, int round)
    {
        // The journal must open cleanly (the integrity check runs on open).
        await using var journal = new SqliteJournal(new SqliteJournalSettings(path));

        var streams = new Dictionary<string, List<StoredEvent>>();
        foreach (var ack in acks)
        {
            if (!streams.TryGetValue(ack.PersistenceId, out var events))
            {
                events = await journal.ReadAsync(ack.PersistenceId, 1, long.MaxValue).CollectAsync();
                streams.Add(ack.PersistenceId, events);
            }

            Assert.True(events.Count >= ack.FirstSequenceNr + ack.Count - 1, $"round {round}: acknowledged write {ack} is missing");
            for (var k = 0; k < ack.Count; k++)
            {
                var e = events[(int)(ack.FirstSequenceNr - 1 + k)];
                Assert.Equal(ack.FirstSequenceNr + k, e.SequenceNr);
                Assert.Equal(ack.FirstRevision + k, e.Revision);
                Assert.Equal(CrashPayload.For(ack.PersistenceId, ack.FirstSequenceNr + k).Payload, e.Payload);
            }
        }

        // Whatever was written (acknowledged or not) is whole: one gap-free global order and gap-free entity streams.
        var all = await journal.ReadAllAsync(0).CollectAsync();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Revision));
        Assert.Equal(all.Count, await journal.HighestRevisionAsync());
        foreach (var stream in all.GroupBy(e => e.PersistenceId))
        {
            Assert.Equal(Enumerable.Range(1, stream.Count()).Select(i => (long)i), stream.Select(e => e.SequenceNr));
            Assert.Equal(stream.Count(), await journal.HighestSequenceNrAsync(stream.Key));
            Assert.All(stream, e => Assert.Equal(CrashPayload.For(e.PersistenceId, e.SequenceNr).Payload, e.Payload));
        }
    }

    private sealed record Ack(string PersistenceId, long FirstSequenceNr, long FirstRevision, int Count);
}
