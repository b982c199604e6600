using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Client;
using Orchestrator.Controllers.CronJobs;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.CronJobs;

/// <summary>
/// The CronJob kind in the API (defaults, schedule and policy validation) and the CronJob controller on a fake
/// clock that the test moves a minute at a time: "every minute" creates a Job per minute named after it and
/// keeps the history limits; Forbid, Replace, suspend and startingDeadlineSeconds.
/// </summary>
public sealed class CronJobControllerTests(ITestOutputHelper output) : GatewayControllerTest("cronjob-controller", output)
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task The_API_defaults_a_CronJob_and_refuses_bad_schedules_and_policies()
    {
        var created = await Client.CreateAsync(ResourceRef.CronJobs, CronJob("defaults", "@hourly"));
        Assert.Equal("Allow", KubeObject.GetString(created, "spec", "concurrencyPolicy"));
        Assert.False(created["spec"]!["suspend"]!.GetValue<bool>());
        Assert.Equal(3, KubeObject.GetInt64(created, "spec", "successfulJobsHistoryLimit"));
        Assert.Equal(1, KubeObject.GetInt64(created, "spec", "failedJobsHistoryLimit"));
        await Client.CreateAsync(ResourceRef.CronJobs, CronJob("weekdays", "30 9 * * MON-FRI", """{"timeZone":"Europe/Paris"}"""));

        foreach (var (schedule, extra, field) in (List<(string, string, string)>)[
            ("61 * * * *", "{}", "spec.schedule"),
            ("* * * *", "{}", "spec.schedule"),
            ("@fortnightly", "{}", "spec.schedule"),
            ("CRON_TZ=UTC * * * * *", "{}", "spec.schedule"),
            ("* * * * *", """{"concurrencyPolicy":"Sometimes"}""", "spec.concurrencyPolicy"),
            ("* * * * *", """{"timeZone":"Mars/Olympus"}""", "spec.timeZone"),
            ("* * * * *", """{"startingDeadlineSeconds":-1}""", "spec.startingDeadlineSeconds")])
        {
            var refused = await Assert.ThrowsAsync<KubeApiException>(() => Client.CreateAsync(ResourceRef.CronJobs, CronJob("bad", schedule, extra)));
            Assert.Equal(422, (int)refused.StatusCode);
            Assert.Contains(field, refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_minute_a_Job_named_after_the_minute_starts_and_the_history_limit_keeps_the_last_two()
    {
        StartCronJobs();
        await Client.CreateAsync(ResourceRef.CronJobs, CronJob("every", "* * * * *", """{"successfulJobsHistoryLimit":2}"""));

        var names = new List<string>();
        for (var minute = 0; minute < 4; minute++)
        {
            var scheduled = AdvancePastNextMinute(TimeSpan.FromSeconds(1));
            var name = $"every-{scheduled.ToUnixTimeSeconds() / 60}";
            names.Add(name);
            var job = await EventuallyAsync(() => TryGetJobAsync(name), $"job {name}");
            Assert.Equal("every", KubeObject.GetString((JsonObject)((JsonArray)KubeObject.Get(job, "metadata", "ownerReferences")!)[0]!, "name"));
            Assert.Equal("nightly", KubeObject.Labels(job)["app"]);
            Assert.Equal(scheduled.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), KubeObject.Annotations(job)[CronJobController.ScheduledTimestampAnnotation]);

            var cronJob = await EventuallyAsync(async () =>
            {
                var cj = await Client.GetAsync(ResourceRef.CronJobs, "default", "every");
                return (KubeObject.Get(cj, "status", "active") as JsonArray)?.Count == 1 ? cj : null;
            }, "the job in status.active");
            Assert.Equal(name, KubeObject.GetString((JsonObject)((JsonArray)KubeObject.Get(cronJob, "status", "active")!)[0]!, "name"));
            Assert.Equal(Time(scheduled), KubeObject.GetString(cronJob, "status", "lastScheduleTime"));

            await FinishJobAsync(name, "Complete");
            await EventuallyAsync(async () =>
            {
                var cj = await Client.GetAsync(ResourceRef.CronJobs, "default", "every");
                return KubeObject.Get(cj, "status", "active") is null && KubeObject.GetString(cj, "status", "lastSuccessfulTime") is not null;
            }, $"{name} to leave status.active");
        }

        await EventuallyAsync(async () => (await JobNamesAsync()).SequenceEqual(names[2..].Order()), "only the last two jobs to remain");
        var events = (await Client.ListAsync(ResourceRef.Events, "default")).Items.Where(e => KubeObject.GetString(e, "involvedObject", "name") == "every").ToList();
        Assert.Contains(events, e => KubeObject.GetString(e, "reason") == "SuccessfulCreate" && KubeObject.GetString(e, "message") == $"Created job {names[0]}");
        Assert.Contains(events, e => KubeObject.GetString(e, "reason") == "SuccessfulDelete" && KubeObject.GetString(e, "message") == $"Deleted job {names[0]}");
        Assert.Contains(events, e => KubeObject.GetString(e, "reason") == "SawCompletedJob");
    }

    [Fact]
    public async Task Forbid_skips_a_time_while_a_Job_runs_and_Replace_replaces_it()
    {
        StartCronJobs();
        await Client.CreateAsync(ResourceRef.CronJobs, CronJob("forbid", "* * * * *", """{"concurrencyPolicy":"Forbid"}"""));
        await Client.CreateAsync(ResourceRef.CronJobs, CronJob("replace", "* * * * *", """{"concurrencyPolicy":"Replace"}"""));

        var first = AdvancePastNextMinute(TimeSpan.FromSeconds(1));
        await EventuallyAsync(async () => (await JobNamesAsync()).Count == 2, "a job of each");
        var second = AdvancePastNextMinute(TimeSpan.FromSeconds(1));
        var replacement = $"replace-{second.ToUnixTimeSeconds() / 60}";
        await EventuallyAsync(async () => (await JobNamesAsync()).Contains(replacement), replacement);
        await EventuallyAsync(async () => !(await JobNamesAsync()).Contains($"replace-{first.ToUnixTimeSeconds() / 60}"), "the replaced job to go");
        await EventuallyAsync(async () => (await Client.ListAsync(ResourceRef.Events, "default")).Items.Any(e => KubeObject.GetString(e, "reason") == "JobAlreadyActive"), "JobAlreadyActive");
        Assert.Equal([$"forbid-{first.ToUnixTimeSeconds() / 60}", replacement], await JobNamesAsync());
    }

    [Fact]
    public async Task A_suspended_CronJob_starts_nothing_and_a_time_missed_past_the_starting_deadline_is_skipped()
    {
        StartCronJobs();
        await Client.CreateAsync(ResourceRef.CronJobs, CronJob("suspended", "* * * * *", """{"suspend":true}"""));
        await Client.CreateAsync(ResourceRef.CronJobs, CronJob("late", "* * * * *", """{"startingDeadlineSeconds":10}"""));

        // The controller wakes 15 s after the time: too late for a 10 s deadline.
        AdvancePastNextMinute(TimeSpan.FromSeconds(15));
        await EventuallyAsync(async () => (await Client.ListAsync(ResourceRef.Events, "default")).Items.Any(e =>
            KubeObject.GetString(e, "reason") == "MissSchedule" && KubeObject.GetString(e, "involvedObject", "name") == "late"
            && KubeObject.GetString(e, "message")!.StartsWith("Missed scheduled time to start a job: ", StringComparison.Ordinal)), "MissSchedule");

        // In time, the late one runs; the suspended one never does.
        var scheduled = AdvancePastNextMinute(TimeSpan.FromSeconds(1));
        await EventuallyAsync(() => TryGetJobAsync($"late-{scheduled.ToUnixTimeSeconds() / 60}"), "the job in time");
        await Task.Delay(300);
        Assert.Equal([$"late-{scheduled.ToUnixTimeSeconds() / 60}"], await JobNamesAsync());
    }

    private void StartCronJobs() =>
        StartController(context => CronJobController.Props(context, 2), CronJobController.ControllerName, clock: _clock);

    /// <summary>Moves the fake clock to <paramref name="past"/> after the next whole minute; returns that minute.</summary>
    private DateTimeOffset AdvancePastNextMinute(TimeSpan past)
    {
        var now = _clock.GetUtcNow();
        var next = DateTimeOffset.FromUnixTimeSeconds(((now.ToUnixTimeSeconds() / 60) + 1) * 60);
        _clock.Advance(next + past - now);
        return next;
    }

    private async Task<JsonObject?> TryGetJobAsync(string name)
    {
        try
        {
            return await Client.GetAsync(ResourceRef.Jobs, "default", name);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private async Task<List<string>> JobNamesAsync() =>
        [.. (await Client.ListAsync(ResourceRef.Jobs, "default")).Items.Where(j => KubeObject.DeletionTimestamp(j) is null).Select(j => KubeObject.Name(j)!).Order(StringComparer.Ordinal)];

    /// <summary>What the Job controller would write when the job ends.</summary>
    private async Task FinishJobAsync(string name, string type)
    {
        var job = await Client.GetAsync(ResourceRef.Jobs, "default", name);
        var now = Time(_clock.GetUtcNow());
        job["status"] = Json($$"""{"startTime":"{{now}}","completionTime":"{{now}}","succeeded":1,"conditions":[{"type":"{{type}}","status":"True","lastTransitionTime":"{{now}}"}] }""");
        await Client.UpdateStatusAsync(ResourceRef.Jobs, job);
    }

    private static JsonObject CronJob(string name, string schedule, string spec = "{}")
    {
        var cronJob = Json($$"""
            {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"{{name}}","namespace":"default"},
             "spec":{"schedule":"{{schedule}}","jobTemplate":{"metadata":{"labels":{"app":"nightly"} },
               "spec":{"template":{"spec":{"restartPolicy":"OnFailure","containers":[{"name":"c","image":"busybox:local"}]} } } } } }
            """);
        foreach (var (field, value) in Json(spec))
        {
            cronJob["spec"]![field] = value!.DeepClone();
        }

        return cronJob;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
