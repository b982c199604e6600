using System.Globalization;
using Orchestrator.Model.Cron;
using Xunit;

namespace Orchestrator.Model.Tests.Cron;

/// <summary>CronJob schedules as Kubernetes takes them: five fields or a macro, each time strictly after the last, in a time zone.</summary>
public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset From = DateTimeOffset.Parse("2026-03-14T10:07:30Z", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("* * * * *", "2026-03-14T10:08:00Z")]
    [InlineData("*/15 * * * *", "2026-03-14T10:15:00Z")]
    [InlineData("0 9 * * MON-FRI", "2026-03-16T09:00:00Z")]
    [InlineData("30 2 1 JAN *", "2027-01-01T02:30:00Z")]
    [InlineData("@hourly", "2026-03-14T11:00:00Z")]
    [InlineData("@daily", "2026-03-15T00:00:00Z")]
    [InlineData("@midnight", "2026-03-15T00:00:00Z")]
    [InlineData("@weekly", "2026-03-15T00:00:00Z")]
    [InlineData("@monthly", "2026-04-01T00:00:00Z")]
    [InlineData("@yearly", "2027-01-01T00:00:00Z")]
    [InlineData("@annually", "2027-01-01T00:00:00Z")]
    public void The_next_time_follows_the_schedule(string text, string next)
    {
        Assert.True(CronSchedule.TryParse(text, out var schedule, out var error), error);
        Assert.Equal(DateTimeOffset.Parse(next, CultureInfo.InvariantCulture), schedule!.Next(From, TimeZoneInfo.Utc));
    }

    [Fact]
    public void A_time_zone_moves_the_times()
    {
        Assert.True(CronSchedule.TryParse("0 9 * * *", out var schedule, out _));
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        Assert.Equal(DateTimeOffset.Parse("2026-03-15T08:00:00Z", CultureInfo.InvariantCulture), schedule!.Next(From, paris)!.Value.ToUniversalTime());
    }

    [Theory]
    [InlineData("")]
    [InlineData("* * * *")]
    [InlineData("* * * * * *")]
    [InlineData("61 * * * *")]
    [InlineData("* 24 * * *")]
    [InlineData("@every_minute")]
    [InlineData("@fortnightly")]
    public void Anything_else_is_refused_with_a_reason(string text)
    {
        Assert.False(CronSchedule.TryParse(text, out var schedule, out var error));
        Assert.Null(schedule);
        Assert.NotEmpty(error);
    }
}
