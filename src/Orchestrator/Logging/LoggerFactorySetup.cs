using Akka.Actor.Setup;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Logging;

/// <summary>Hands the process's logger factory to <see cref="AkkaLoggerBridge"/>, which Akka creates by type name.</summary>
public sealed class LoggerFactorySetup(ILoggerFactory loggerFactory) : Setup
{
    public ILoggerFactory LoggerFactory { get; } = loggerFactory;
}
