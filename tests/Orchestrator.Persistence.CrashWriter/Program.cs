using System.Globalization;
using System.Text;
using Orchestrator.Persistence;
using Orchestrator.Persistence.CrashWriter;
using Orchestrator.Persistence.Sqlite;

// Usage: CrashWriter <database path> <writers>
// Each writer appends to its own entity, 1 to 3 events per write, and prints
// "ack <id> <first sequence nr> <first revision> <count> end" once the write is acknowledged.
// It runs until killed; the test then checks every acknowledged event survived.
var path = args[0];
var writers = int.Parse(args[1], CultureInfo.InvariantCulture);

await using var journal = new SqliteJournal(new SqliteJournalSettings(path));
using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
var gate = new Lock();
lock (gate)
{
    stdout.WriteLine("ready");
}

await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
{
    var id = $"writer-{w}";
    var sequenceNr = await journal.HighestSequenceNrAsync(id);
    for (var i = 0; ; i++)
    {
        var count = 1 + (i % 3);
        var events = new SerializedEvent[count];
        for (var k = 0; k < count; k++)
        {
            events[k] = CrashPayload.For(id, sequenceNr + 1 + k);
        }

        var revisions = await journal.WriteAsync(id, sequenceNr, events);
        lock (gate)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ack {id} {sequenceNr + 1} {revisions[0]} {count} end"));
        }

        sequenceNr += count;
    }
})));
