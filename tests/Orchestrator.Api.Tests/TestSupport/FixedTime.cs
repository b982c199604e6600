namespace Orchestrator.Api.Tests.TestSupport;

/// <summary>A clock that always reads the same instant, so timestamps the entities write can be asserted exactly.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public static DateTimeOffset Instant { get; } = new(2025, 3, 14, 15, 9, 26, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;
}
