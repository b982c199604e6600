using System.Globalization;
using System.Text;

namespace Orchestrator.Persistence.CrashWriter;

/// <summary>The deterministic event the crash writer stores at each sequence nr, so the test can check content too.</summary>
internal static class CrashPayload
{
    public const string Manifest = "crash.v1";

    public static SerializedEvent For(string persistenceId, long sequenceNr) =>
        new(Manifest, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{persistenceId}:{sequenceNr}:").PadRight(100, 'x')));
}
