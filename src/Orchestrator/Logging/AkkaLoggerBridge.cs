using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Orchestrator.Logging;

/// <summary>
/// Akka's logger (<c>akka.loggers</c>): writes Akka's log events, its own and our actors', to the
/// process's Microsoft.Extensions.Logging, so there is one log. The category is the logging class.
/// We write this small actor ourselves because the only packaged bridge (Akka.Hosting's) brings in the
/// whole generic-host integration.
/// </summary>
public sealed partial class AkkaLoggerBridge : ReceiveActor
{
    private readonly ILoggerFactory _factory;
    private readonly Dictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public AkkaLoggerBridge()
    {
        _factory = Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value?.LoggerFactory
            ?? throw new InvalidOperationException($"{nameof(AkkaLoggerBridge)} needs a {nameof(LoggerFactorySetup)} in the actor system's setup");
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    private void Write(LogEvent e)
    {
        // Akka logs much of its own under a placeholder class; those go to the "Akka" category.
        var category = e.LogClass is { } type && type != typeof(DummyClassForStringSources) ? type.FullName ?? "Akka" : "Akka";
        if (!_loggers.TryGetValue(category, out var logger))
        {
            logger = _factory.CreateLogger(category);
            _loggers[category] = logger;
        }

        var level = e.LogLevel() switch
        {
            AkkaLogLevel.DebugLevel => LogLevel.Debug,
            AkkaLogLevel.InfoLevel => LogLevel.Information,
            AkkaLogLevel.WarningLevel => LogLevel.Warning,
            _ => LogLevel.Error,
        };
        if (logger.IsEnabled(level))
        {
            var message = e.Message?.ToString() ?? "";
            Log(logger, level, e.Cause, e.LogSource, message);
        }
    }

    [LoggerMessage(Message = "{Source}: {Message}")]
    private static partial void Log(ILogger logger, LogLevel level, Exception? cause, string source, string message);
}
