using System.Diagnostics;

namespace Orchestrator.Kubelet.Diagnostics;

/// <summary>TEMPORARY: step timestamps to a file named by ORCH_TRACE.</summary>
public static class StartTrace
{
    private static readonly string? File = Environment.GetEnvironmentVariable("ORCH_TRACE");
    private static readonly Lock Gate = new();

    public static void Mark(string pod, string step)
    {
        if (File is null)
        {
            return;
        }

        var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1000)} {pod} {step}\n";
        lock (Gate)
        {
            System.IO.File.AppendAllText(File, line);
        }
    }
}
