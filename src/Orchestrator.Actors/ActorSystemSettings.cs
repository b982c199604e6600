using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestrator.Actors;

/// <summary>The settings of an actor system (hocon: <c>orchestrator.actor.*</c>).</summary>
public sealed record ActorSystemSettings
{
    public static ActorSystemSettings Default { get; } = new();

    /// <summary>User messages an actor handles per turn on a thread before it yields the thread (Akka's throughput).</summary>
    public int Throughput { get; init; } = 100;

    /// <summary>Timeout of an Ask that names none; null waits forever, as Akka's default.</summary>
    public TimeSpan? DefaultAskTimeout { get; init; }

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
