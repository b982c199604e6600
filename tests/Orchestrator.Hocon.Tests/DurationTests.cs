using Orchestrator.Hocon;
using Xunit;

namespace Orchestrator.Hocon.Tests;

public class DurationTests
{
    private static TimeSpan Duration(string value) => Config.ParseString($"d = {value}").GetTimeSpan("d");

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("200ms", 200)]
    [InlineData("5 minutes", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("2d", 172_800_000)]
    [InlineData("300", 300)]
    [InlineData("\"300\"", 300)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2 seconds", 2_000)]
    [InlineData("1 day", 86_400_000)]
    [InlineData("3 millis", 3)]
    [InlineData("2m", 120_000)]
    [InlineData("\" 7 s \"", 7_000)]
    public void Parses_units_with_milliseconds_as_default(string value, long expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), Duration(value));
    }

    [Theory]
    [InlineData("1500us", 15_000)]
    [InlineData("250 microseconds", 2_500)]
    [InlineData("1000ns", 10)]
    [InlineData("100 nanos", 1)]
    public void Parses_sub_millisecond_units_to_ticks(string value, long expectedTicks)
    {
        Assert.Equal(TimeSpan.FromTicks(expectedTicks), Duration(value));
    }

    [Fact]
    public void Infinite_is_the_infinite_timeout()
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, Duration("infinite"));
    }

    [Theory]
    [InlineData("10 parsecs", "unknown unit 'parsecs'")]
    [InlineData("10S", "unknown unit 'S'")]
    [InlineData("soon", "not a duration")]
    [InlineData("[1]", "should be a duration but is an array")]
    public void Rejects_what_is_not_a_duration_naming_the_path(string value, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => Duration(value));

        Assert.Equal("d", error.Path);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
