using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Jobs;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Controllers.Ownership;
using Orchestrator.Model.Cron;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.CronJobs;

/// <summary>
/// Kubernetes' CronJob controller (cronjob_controllerv2): at each time of its schedule (in its timeZone, UTC
/// by default) a CronJob creates a Job from its jobTemplate, named &lt;cronjob&gt;-&lt;scheduled time in
/// minutes since the epoch&gt; so a time is never run twice. A time missed by more than
/// startingDeadlineSeconds is skipped (MissSchedule); concurrencyPolicy Forbid skips a time while a Job runs,
/// Replace deletes the running Jobs first; suspend stops new Jobs. status.active lists the running Jobs,
/// lastScheduleTime and lastSuccessfulTime say when it last started and succeeded, and finished Jobs beyond
/// successfulJobsHistoryLimit and failedJobsHistoryLimit are deleted, oldest first.
/// </summary>
/// <remarks>
/// The wake-up at the next scheduled time is a timer of the controller's <see cref="ControllerActor.Clock"/>,
/// so a test on a fake clock runs "every minute" by advancing it.
/// </remarks>
public sealed class CronJobController : ControllerActor
{
    public const string ControllerName = "cronjob-controller";
    public const string ScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    // Beyond this many missed times Kubernetes warns and stops counting.
    private const int TooManyMissed = 100;

    // The wake-up comes a little after the scheduled time, so the time has surely passed (nextScheduleTimeDelta).
    private static readonly TimeSpan NextScheduleDelta = TimeSpan.FromMilliseconds(100);

    private static readonly (string Type, string LimitField)[] HistoryLimits = [("Complete", "successfulJobsHistoryLimit"), ("Failed", "failedJobsHistoryLimit")];

    private readonly Lister _cronJobs;
    private readonly Lister _jobs;
    private readonly ConcurrentDictionary<string, ITimer> _wakeUps = new(StringComparer.Ordinal);

    public CronJobController(ControllerContext context, int workers = 5)
        : base(context, ControllerName, workers)
    {
        _cronJobs = Watch(ResourceRef.CronJobs);
        _jobs = Watch(ResourceRef.Jobs, e => ControllerRefs.KeyOf(e.Object, "CronJob") is { } owner ? [owner] : []);
    }

    public static Props Props(ControllerContext context, int workers) => Akka.Actor.Props.Create(() => new CronJobController(context, workers));

    protected override void OnStopped()
    {
        foreach (var timer in _wakeUps.Values)
        {
            timer.Dispose();
        }
    }

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_cronJobs.GetByKey(key) is not { } cronJob)
        {
            CancelWakeUp(key);
            return;
        }

        var now = Clock.GetUtcNow();
        var jobs = _jobs.List(KubeObject.Namespace(cronJob)).Where(j => ControllerRefs.IsControlledBy(j, cronJob)).ToList();
        var status = (cronJob["status"] as JsonObject)?.DeepClone().AsObject() ?? [];
        await TrackActiveJobsAsync(cronJob, status, jobs, cancellationToken);

        var created = KubeObject.DeletionTimestamp(cronJob) is null
            ? await StartDueJobAsync(key, cronJob, status, jobs, now, cancellationToken)
            : null;

        if (!JsonNode.DeepEquals(status, cronJob["status"]))
        {
            var copy = cronJob.DeepClone().AsObject();
            copy["status"] = status;
            try
            {
                await Client.UpdateStatusAsync(ResourceRef.CronJobs, copy, cancellationToken);
            }
            catch (KubeApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // The cache is behind: its coming update queues the key again, and that sync writes the status.
                return;
            }
        }

        if (created is not null)
        {
            jobs.Add(created);
        }

        await CleanUpFinishedJobsAsync(cronJob, jobs, cancellationToken);
    }

    /// <summary>status.active in line with the Jobs: finished ones out (noting lastSuccessfulTime), running ones in.</summary>
    private async Task TrackActiveJobsAsync(JsonObject cronJob, JsonObject status, List<JsonObject> jobs, CancellationToken cancellationToken)
    {
        var active = status["active"] as JsonArray ?? [];
        var byUid = jobs.ToDictionary(j => KubeObject.Uid(j) ?? "", StringComparer.Ordinal);
        foreach (var job in jobs.Where(j => FinishedType(j) is null))
        {
            if (!active.OfType<JsonObject>().Any(r => KubeObject.GetString(r, "uid") == KubeObject.Uid(job)))
            {
                active.Add(JobReference(job));
            }
        }

        foreach (var reference in active.OfType<JsonObject>().ToList())
        {
            if (!byUid.TryGetValue(KubeObject.GetString(reference, "uid") ?? "", out var job))
            {
                // Gone, or just created and not yet in the cache: the API says which.
                if (await JobExistsAsync(reference, cancellationToken))
                {
                    continue;
                }

                active.Remove(reference);
                continue;
            }

            if (FinishedType(job) is { } finished)
            {
                active.Remove(reference);
                Recorder.Event(cronJob, EventType.Normal, "SawCompletedJob", $"Saw completed job: {KubeObject.Name(job)}, status: {finished}");
                if (finished == "Complete" && KubeObject.GetString(job, "status", "completionTime") is { } completed
                    && (PodStates.Parse(KubeObject.GetString(status, "lastSuccessfulTime")) is not { } last || PodStates.Parse(completed) > last))
                {
                    status["lastSuccessfulTime"] = completed;
                }
            }
        }

        if (active.Count > 0)
        {
            status["active"] = active;
        }
        else
        {
            status.Remove("active");
        }
    }

    private async Task<bool> JobExistsAsync(JsonObject reference, CancellationToken cancellationToken)
    {
        try
        {
            var job = await Client.GetAsync(ResourceRef.Jobs, KubeObject.GetString(reference, "namespace"), KubeObject.GetString(reference, "name")!, cancellationToken);
            return KubeObject.Uid(job) == KubeObject.GetString(reference, "uid");
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>Starts the Job of the most recent scheduled time if it is due and allowed; returns it, or null.</summary>
    private async Task<JsonObject?> StartDueJobAsync(string key, JsonObject cronJob, JsonObject status, List<JsonObject> jobs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var spec = cronJob["spec"] as JsonObject ?? [];
        if (KubeObject.Get(spec, "suspend") is JsonValue s && s.TryGetValue<bool>(out var suspended) && suspended)
        {
            CancelWakeUp(key);
            return null;
        }

        var zone = ZoneOf(spec);
        if (!CronSchedule.TryParse(KubeObject.GetString(spec, "schedule"), out var schedule, out var problem) || zone is null)
        {
            Recorder.Event(cronJob, EventType.Warning, "InvalidSchedule", $"invalid schedule: {KubeObject.GetString(spec, "schedule")} : {(zone is null ? "unknown time zone" : problem)}");
            return null;
        }

        var (scheduled, missed) = MostRecentScheduleTime(cronJob, status, schedule!, zone, now);
        WakeUpAt(key, schedule!.Next(now, zone));
        if (missed > TooManyMissed)
        {
            Recorder.Event(cronJob, EventType.Warning, "TooManyMissedTimes",
                $"too many missed start times: {missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
        }

        if (scheduled is not { } time)
        {
            return null;
        }

        if (KubeObject.GetInt64(spec, "startingDeadlineSeconds") is { } deadline && time + TimeSpan.FromSeconds(deadline) < now)
        {
            Recorder.Event(cronJob, EventType.Warning, "MissSchedule",
                $"Missed scheduled time to start a job: {time.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture)} +0000");
            return null;
        }

        var name = JobName(cronJob, time);
        if (jobs.Any(j => KubeObject.Name(j) == name) || (status["active"] as JsonArray)?.OfType<JsonObject>().Any(r => KubeObject.GetString(r, "name") == name) == true)
        {
            // Started by an earlier sync whose status write lost a conflict: the status says so now.
            if (PodStates.Parse(KubeObject.GetString(status, "lastScheduleTime")) is not { } last || last < time)
            {
                status["lastScheduleTime"] = PodStates.Time(time);
            }

            return null;
        }

        var active = (status["active"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        switch (KubeObject.GetString(spec, "concurrencyPolicy"))
        {
            case "Forbid" when active.Count > 0:
                Recorder.Event(cronJob, EventType.Normal, "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
                return null;
            case "Replace":
                foreach (var reference in active)
                {
                    await DeleteJobAsync(cronJob, KubeObject.GetString(reference, "name")!, cancellationToken);
                    (status["active"] as JsonArray)!.Remove(reference);
                }

                if (status["active"] is JsonArray { Count: 0 })
                {
                    status.Remove("active");
                }

                break;
        }

        JsonObject created;
        try
        {
            created = await Client.CreateAsync(ResourceRef.Jobs, JobFromTemplate(cronJob, name, time, zone), cancellationToken);
            Recorder.Event(cronJob, EventType.Normal, "SuccessfulCreate", $"Created job {name}");
        }
        catch (KubeApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Already there (a cache behind): it is tracked once the informer shows it.
            return null;
        }
        catch (KubeApiException e)
        {
            Recorder.Event(cronJob, EventType.Warning, "FailedCreate", $"Error creating job: {e.Message}");
            throw;
        }

        var list = status["active"] as JsonArray ?? [];
        list.Add(JobReference(created));
        status["active"] = list;
        status["lastScheduleTime"] = PodStates.Time(time);
        return created;
    }

    /// <summary>
    /// The latest scheduled time not after now since the last one run (or the creation), and about how many
    /// times that passed (mostRecentScheduleTime); startingDeadlineSeconds is judged by the caller.
    /// </summary>
    private static (DateTimeOffset? Time, int Missed) MostRecentScheduleTime(JsonObject cronJob, JsonObject status, CronSchedule schedule, TimeZoneInfo zone, DateTimeOffset now)
    {
        var earliest = PodStates.Parse(KubeObject.GetString(status, "lastScheduleTime"))
            ?? PodStates.Parse(KubeObject.GetString(cronJob, "metadata", "creationTimestamp"))
            ?? now;
        if (schedule.Next(earliest, zone) is not { } first || first > now)
        {
            return (null, 0);
        }

        if (schedule.Next(first, zone) is not { } second || second > now)
        {
            return (first, 1);
        }

        // Many times missed (a long suspension, say): estimate the count from the interval and walk only the last week.
        var interval = second - first;
        var missed = interval > TimeSpan.Zero ? (int)Math.Min(int.MaxValue, ((now - first) / interval) + 1) : TooManyMissed + 1;
        var from = missed > TooManyMissed && now - TimeSpan.FromDays(8) > first ? now - TimeSpan.FromDays(8) : first;
        DateTimeOffset? latest = from == first ? first : null;
        for (var t = schedule.Next(from == first ? first : from, zone); t is { } time && time <= now; t = schedule.Next(time, zone))
        {
            latest = time;
        }

        return (latest ?? first, missed);
    }

    /// <summary>Deletes finished Jobs beyond the history limits, oldest first.</summary>
    private async Task CleanUpFinishedJobsAsync(JsonObject cronJob, List<JsonObject> jobs, CancellationToken cancellationToken)
    {
        foreach (var (type, limitField) in HistoryLimits)
        {
            if (KubeObject.GetInt64(cronJob, "spec", limitField) is not { } limit)
            {
                continue;
            }

            var finished = jobs.Where(j => FinishedType(j) == type && KubeObject.DeletionTimestamp(j) is null)
                .OrderBy(j => PodStates.Parse(KubeObject.GetString(j, "status", "startTime")) ?? PodStates.Parse(KubeObject.GetString(j, "metadata", "creationTimestamp")))
                .ToList();
            foreach (var job in finished.Take(Math.Max(0, finished.Count - (int)limit)))
            {
                await DeleteJobAsync(cronJob, KubeObject.Name(job)!, cancellationToken);
            }
        }
    }

    private async Task DeleteJobAsync(JsonObject cronJob, string name, CancellationToken cancellationToken)
    {
        try
        {
            await Client.DeleteAsync(ResourceRef.Jobs, KubeObject.Namespace(cronJob), name, new DeleteOptions { PropagationPolicy = "Background" }, cancellationToken);
            Recorder.Event(cronJob, EventType.Normal, "SuccessfulDelete", $"Deleted job {name}");
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }
    }

    /// <summary>Reconciles the key again a moment after <paramref name="time"/>, on the controller's clock.</summary>
    private void WakeUpAt(string key, DateTimeOffset? time)
    {
        CancelWakeUp(key);
        if (time is not { } due)
        {
            return;
        }

        var delay = due - Clock.GetUtcNow() + NextScheduleDelta;
        var timer = Clock.CreateTimer(_ => Enqueue(key), null, delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        if (!_wakeUps.TryAdd(key, timer))
        {
            timer.Dispose();
        }
    }

    private void CancelWakeUp(string key)
    {
        if (_wakeUps.TryRemove(key, out var timer))
        {
            timer.Dispose();
        }
    }

    /// <summary>&lt;cronjob&gt;-&lt;minutes since the epoch&gt; (getJobName).</summary>
    public static string JobName(JsonObject cronJob, DateTimeOffset scheduled) =>
        string.Create(CultureInfo.InvariantCulture, $"{KubeObject.Name(cronJob)}-{scheduled.ToUnixTimeSeconds() / 60}");

    private static JsonObject JobFromTemplate(JsonObject cronJob, string name, DateTimeOffset scheduled, TimeZoneInfo zone)
    {
        var template = KubeObject.Get(cronJob, "spec", "jobTemplate") as JsonObject ?? [];
        var metadata = (template["metadata"] as JsonObject)?.DeepClone().AsObject() ?? [];
        metadata["name"] = name;
        metadata["namespace"] = KubeObject.Namespace(cronJob);
        metadata.Remove("generateName");
        var annotations = metadata["annotations"] as JsonObject ?? [];
        annotations[ScheduledTimestampAnnotation] = Rfc3339(TimeZoneInfo.ConvertTime(scheduled, zone));
        metadata["annotations"] = annotations;
        metadata["ownerReferences"] = new JsonArray(ControllerRefs.New(cronJob, "batch/v1", "CronJob"));
        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = metadata,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }

    /// <summary>Go's RFC 3339: "Z" in UTC, else the offset.</summary>
    private static string Rfc3339(DateTimeOffset time) =>
        time.Offset == TimeSpan.Zero
            ? time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static JsonObject JobReference(JsonObject job) => new()
    {
        ["kind"] = "Job",
        ["namespace"] = KubeObject.Namespace(job),
        ["name"] = KubeObject.Name(job),
        ["uid"] = KubeObject.Uid(job),
        ["apiVersion"] = "batch/v1",
        ["resourceVersion"] = KubeObject.ResourceVersion(job),
    };

    /// <summary>"Complete" or "Failed" once the Job has finished, else null.</summary>
    private static string? FinishedType(JsonObject job) =>
        (KubeObject.Get(job, "status", "conditions") as JsonArray)?.OfType<JsonObject>()
            .Where(c => KubeObject.GetString(c, "type") is "Complete" or "Failed" && KubeObject.GetString(c, "status") == "True")
            .Select(c => KubeObject.GetString(c, "type"))
            .FirstOrDefault();

    private static TimeZoneInfo? ZoneOf(JsonObject spec) =>
        KubeObject.GetString(spec, "timeZone") is { Length: > 0 } id
            ? TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null
            : TimeZoneInfo.Utc;
}
