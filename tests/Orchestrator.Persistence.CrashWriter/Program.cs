using System.Globalization;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Orchestrator.Hocon;
using Orchestrator.Persistence.CrashWriter;

// Usage: CrashWriter <database path> <writers>
// Each writer is a persistent actor on the SQLite journal plugin that persists 1 to 3 events at a
// time (PersistAll) and prints "ack <id> <first sequence nr> <first revision> <count> end" once the
// journal has acknowledged them, from its Persist handler. It runs until killed; the test then checks
// that every acknowledged event survived.
var path = args[0];
var writers = int.Parse(args[1], CultureInfo.InvariantCulture);

var config = ConfigurationFactory.ParseString($$"""
    # Standard output carries the acknowledgements and nothing else.
    akka.loglevel = ERROR
    akka.stdout-loglevel = OFF
    akka.actor.provider = local
    akka.persistence.journal.plugin = "akka.persistence.journal.sqlite"
    akka.persistence.journal.sqlite.path = "{{path}}"
    akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.memory"
    {{CrashEventSerializer.Hocon}}
    """).WithFallback(ReferenceConfig.Load().ToAkka());
using var system = ActorSystem.Create("crash-writer", config);
using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
var output = TextWriter.Synchronized(stdout);
output.WriteLine("ready");
for (var w = 0; w < writers; w++)
{
    var id = $"writer-{w}";
    system.ActorOf(Props.Create(() => new CrashWriterActor(id, output)), id);
}

await Task.Delay(Timeout.Infinite);
