using System.Globalization;

namespace Orchestrator.TestKit;

/// <summary>
/// Timing of the test kit, from <c>orchestrator.test</c> in reference.conf. <c>ORCHESTRATOR_TEST_TIMEFACTOR</c>
/// dilates every default, as Akka's timefactor does on slow machines.
/// </summary>
public sealed record TestKitSettings
{
    public static TestKitSettings Default { get; } = FromConfig(Orchestrator.Hocon.ReferenceConfig.Load());

    /// <summary>How long an Expect waits when given no timeout.</summary>
    public TimeSpan DefaultTimeout { get; init; } = Dilated(TimeSpan.FromSeconds(3));

    /// <summary>How long ExpectNoMsg listens when given no duration.</summary>
    public TimeSpan DefaultNoMessageDuration { get; init; } = Dilated(TimeSpan.FromMilliseconds(100));

    public static TestKitSettings FromConfig(Orchestrator.Hocon.Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new TestKitSettings
        {
            DefaultTimeout = Dilated(config.GetTimeSpan("orchestrator.test.default-timeout")),
            DefaultNoMessageDuration = Dilated(config.GetTimeSpan("orchestrator.test.no-message-duration")),
        };
    }

    public static TimeSpan Dilated(TimeSpan duration)
    {
        var factor = Environment.GetEnvironmentVariable("ORCHESTRATOR_TEST_TIMEFACTOR");
        return factor is not null && double.TryParse(factor, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f > 0
            ? duration * f
            : duration;
    }
}
