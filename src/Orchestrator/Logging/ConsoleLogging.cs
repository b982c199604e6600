using Microsoft.Extensions.Logging;

namespace Orchestrator.Logging;

/// <summary>The console logging of the long-running commands (kubelet, simulate): one line per entry, Akka's warnings and up.</summary>
internal static class ConsoleLogging
{
    public static ILoggerFactory Create() => LoggerFactory.Create(builder => builder
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        })
        .SetMinimumLevel(LogLevel.Information)
        .AddFilter("Akka", LogLevel.Warning));
}
