using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Controllers.Ownership;
using Orchestrator.Controllers.Pods;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Jobs;

/// <summary>
/// Kubernetes' Job controller: runs a Job's pods until enough succeed. It keeps up to spec.parallelism pods
/// (never more than the completions still missing) of the template, labelled and owned by the Job; a failed
/// pod is replaced after a back-off (10 s doubling to 6 min since the last success) until more than
/// backoffLimit pods have failed (Failed, BackoffLimitExceeded) or activeDeadlineSeconds has passed (Failed,
/// DeadlineExceeded); completions successes make it Complete. NonIndexed and Indexed completion modes,
/// suspend, ttlSecondsAfterFinished; status active, ready, terminating, succeeded, failed, startTime,
/// completionTime, completedIndexes and the conditions, with Kubernetes' Events.
/// </summary>
public sealed class JobController : ControllerActor
{
    public const string ControllerName = "job-controller";
    public const string CompletionIndexAnnotation = "batch.kubernetes.io/job-completion-index";

    // Pods created per sync at most, in slow-start batches (the Job controller's MaxPodCreateDeletePerSync).
    private const int MaxPodCreateDeletePerSync = 500;

    private readonly JobControllerSettings _settings;
    private readonly Lister _jobs;
    private readonly Lister _pods;
    private readonly ControllerExpectations _expectations;
    private readonly PodControl _podControl;

    // When a finished pod that carries no finish time was first seen finished, for the failure back-off.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _finishedSeen = new(StringComparer.Ordinal);

    public JobController(ControllerContext context, JobControllerSettings settings)
        : base(context, ControllerName, settings?.ConcurrentSyncs ?? 5)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _expectations = new ControllerExpectations(context.Settings.ExpectationsTimeout, Clock);
        _podControl = new PodControl(Client, Recorder, _expectations);
        _jobs = Watch(ResourceRef.Jobs, e =>
        {
            if (e.Type == InformerEventType.Deleted)
            {
                _expectations.DeleteExpectations(ObjectKey.Of(e.Object));
            }

            return [ObjectKey.Of(e.Object)];
        });
        _pods = Watch(ResourceRef.Pods, OnPodEvent);
    }

    public static Props Props(ControllerContext context, JobControllerSettings settings) =>
        Akka.Actor.Props.Create(() => new JobController(context, settings));

    private IEnumerable<string> OnPodEvent(InformerEvent e)
    {
        if (ControllerRefs.KeyOf(e.Object, "Job") is not { } job)
        {
            return [];
        }

        switch (e.Type)
        {
            case InformerEventType.Added when !e.IsInInitialList:
                _expectations.CreationObserved(job);
                break;
            case InformerEventType.Updated when KubeObject.DeletionTimestamp(e.Object) is not null && e.OldObject is { } old && KubeObject.DeletionTimestamp(old) is null:
                _expectations.DeletionObserved(job);
                break;
            case InformerEventType.Deleted:
                if (KubeObject.DeletionTimestamp(e.Object) is null)
                {
                    _expectations.DeletionObserved(job);
                }

                _finishedSeen.TryRemove(KubeObject.Uid(e.Object) ?? "", out _);
                break;
        }

        return [job];
    }

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_jobs.GetByKey(key) is not { } job || KubeObject.DeletionTimestamp(job) is not null)
        {
            return;
        }

        var now = Clock.GetUtcNow();
        if (FinishedCondition(job) is { } finishedAt)
        {
            await DeleteAfterTtlAsync(job, finishedAt, now, cancellationToken);
            return;
        }

        if (!_expectations.SatisfiedExpectations(key))
        {
            return;
        }

        var spec = (JsonObject)job["spec"]!;
        var pods = _pods.List(KubeObject.Namespace(job)).Where(p => ControllerRefs.IsControlledBy(p, job)).ToList();
        var active = pods.Where(PodStates.Active).ToList();
        var succeededPods = pods.Where(PodStates.Succeeded).ToList();
        var failedPods = pods.Where(PodStates.Failed).ToList();
        foreach (var pod in succeededPods.Concat(failedPods))
        {
            _finishedSeen.TryAdd(KubeObject.Uid(pod) ?? "", now);
        }

        var status = (job["status"] as JsonObject)?.DeepClone().AsObject() ?? [];
        var indexed = KubeObject.GetString(spec, "completionMode") == "Indexed";
        var completions = (int?)KubeObject.GetInt64(spec, "completions");
        var parallelism = (int)(KubeObject.GetInt64(spec, "parallelism") ?? 1);
        var backoffLimit = KubeObject.GetInt64(spec, "backoffLimit") ?? 6;
        var suspended = KubeObject.Get(spec, "suspend") is JsonValue s && s.TryGetValue<bool>(out var suspend) && suspend;

        // Counts only grow: a finished pod deleted later (by a user, say) still counts.
        var failed = Math.Max(KubeObject.GetInt64(status, "failed") ?? 0, failedPods.Count);
        SortedSet<int>? doneIndexes = null;
        long succeeded;
        if (indexed && completions is { } total)
        {
            doneIndexes = CompletedIndexes.Parse(KubeObject.GetString(status, "completedIndexes"), total);
            foreach (var pod in succeededPods)
            {
                if (IndexOf(pod) is { } index && index < total)
                {
                    doneIndexes.Add(index);
                }
            }

            succeeded = doneIndexes.Count;
        }
        else
        {
            succeeded = Math.Max(KubeObject.GetInt64(status, "succeeded") ?? 0, succeededPods.Count);
        }

        if (status["startTime"] is null && !suspended)
        {
            status["startTime"] = PodStates.Time(now);
        }

        // Why the job ends now, if it does.
        (string Type, string Reason, string Message)? finish = null;
        var deadline = KubeObject.GetInt64(spec, "activeDeadlineSeconds") is { } seconds && PodStates.Parse(KubeObject.GetString(status, "startTime")) is { } started
            ? started + TimeSpan.FromSeconds(seconds)
            : (DateTimeOffset?)null;
        if (failed > backoffLimit)
        {
            finish = ("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        }
        else if (deadline is { } d && now >= d && !suspended)
        {
            finish = ("Failed", "DeadlineExceeded", "Job was active longer than specified deadline");
        }
        else if (completions is { } wanted ? succeeded >= wanted : succeeded > 0 && active.Count == 0)
        {
            finish = ("Complete", "CompletionsReached", "Reached expected number of succeeded pods");
        }

        if (finish is { } f)
        {
            // A finished job keeps no pod running.
            await DeletePodsAsync(key, job, active, cancellationToken);
            active = [];
            var time = PodStates.Time(now);
            var conditions = status["conditions"] as JsonArray ?? [];
            conditions.Add(Condition(f.Type == "Failed" ? "FailureTarget" : "SuccessCriteriaMet", f.Reason, f.Message, time));
            conditions.Add(Condition(f.Type, f.Reason, f.Message, time));
            status["conditions"] = conditions;
            if (f.Type == "Complete")
            {
                status["completionTime"] = time;
                Recorder.Event(job, EventType.Normal, "Completed", "Job completed");
            }
            else
            {
                Recorder.Event(job, EventType.Warning, f.Reason, f.Message);
            }
        }
        else
        {
            active = await ManagePodsAsync(key, job, active, succeededPods, failedPods, doneIndexes, indexed, completions, parallelism, succeeded, suspended, now, cancellationToken);
            if (deadline is { } due && !suspended)
            {
                EnqueueAfter(key, due - now);
            }
        }

        status["active"] = active.Count;
        status["ready"] = active.Count(PodStates.Ready);
        status["terminating"] = pods.Count(PodStates.Terminating);
        status["succeeded"] = succeeded;
        status["failed"] = failed;
        if (doneIndexes is not null)
        {
            status["completedIndexes"] = CompletedIndexes.Format(doneIndexes);
        }

        if (!JsonNode.DeepEquals(status, job["status"]))
        {
            var copy = job.DeepClone().AsObject();
            copy["status"] = status;
            await Client.UpdateStatusAsync(ResourceRef.Jobs, copy, cancellationToken);
        }

        if (finish is not null && KubeObject.GetInt64(spec, "ttlSecondsAfterFinished") is { } ttl)
        {
            EnqueueAfter(key, TimeSpan.FromSeconds(ttl));
        }
    }

    /// <summary>Creates or deletes pods toward the number the job wants running now; returns the pods active after.</summary>
    private async Task<List<JsonObject>> ManagePodsAsync(
        string key, JsonObject job, List<JsonObject> active, List<JsonObject> succeededPods, List<JsonObject> failedPods, SortedSet<int>? doneIndexes,
        bool indexed, int? completions, int parallelism, long succeeded, bool suspended, DateTimeOffset now, CancellationToken cancellationToken)
    {
        int want;
        if (suspended)
        {
            want = 0;
        }
        else if (completions is { } total)
        {
            want = (int)Math.Min(parallelism, Math.Max(0, total - succeeded));
        }
        else
        {
            // A work-queue job: once one pod succeeded no new pod starts.
            want = succeeded > 0 ? Math.Min(active.Count, parallelism) : parallelism;
        }

        if (active.Count > want)
        {
            // Pending and not-ready pods first, then the newest.
            var extra = active
                .OrderBy(p => PodStates.Phase(p) == "Running" ? 1 : 0)
                .ThenBy(p => PodStates.Ready(p) ? 1 : 0)
                .ThenByDescending(p => KubeObject.GetString(p, "metadata", "creationTimestamp"), StringComparer.Ordinal)
                .Take(Math.Min(active.Count - want, MaxPodCreateDeletePerSync))
                .ToList();
            await DeletePodsAsync(key, job, extra, cancellationToken);
            return [.. active.Except(extra)];
        }

        if (active.Count == want)
        {
            return active;
        }

        // Failed pods are replaced only after the back-off since the last one failed.
        if (BackoffRemaining(succeededPods, failedPods, now) is { } wait)
        {
            EnqueueAfter(key, wait);
            return active;
        }

        var count = Math.Min(want - active.Count, MaxPodCreateDeletePerSync);
        var indexes = new Queue<int?>();
        if (indexed && completions is { } n && doneIndexes is not null)
        {
            var running = active.Select(IndexOf).OfType<int>().ToHashSet();
            foreach (var i in Enumerable.Range(0, n).Where(i => !doneIndexes.Contains(i) && !running.Contains(i)).Take(count))
            {
                indexes.Enqueue(i);
            }

            count = indexes.Count;
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                indexes.Enqueue(null);
            }
        }

        await CreatePodsAsync(key, job, indexes, cancellationToken);
        return active;
    }

    /// <summary>How much longer failed pods hold back their replacements, or null when they do not.</summary>
    private TimeSpan? BackoffRemaining(List<JsonObject> succeededPods, List<JsonObject> failedPods, DateTimeOffset now)
    {
        var lastSuccess = succeededPods.Select(FinishTime).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var failures = failedPods.Select(FinishTime).Where(t => t > lastSuccess).ToList();
        if (failures.Count == 0)
        {
            return null;
        }

        var delay = _settings.PodFailureBackoffInitial * Math.Pow(2, Math.Min(failures.Count - 1, 30));
        if (delay > _settings.PodFailureBackoffMax)
        {
            delay = _settings.PodFailureBackoffMax;
        }

        var remaining = failures.Max() + delay - now;
        return remaining > TimeSpan.Zero ? remaining : null;
    }

    private DateTimeOffset FinishTime(JsonObject pod) =>
        PodStates.FinishTime(pod) ?? _finishedSeen.GetValueOrDefault(KubeObject.Uid(pod) ?? "", Clock.GetUtcNow());

    /// <summary>Creates the pods in slow-start batches (1, 2, 4, …), stopping at the first batch with a failure.</summary>
    private async Task CreatePodsAsync(string key, JsonObject job, Queue<int?> indexes, CancellationToken cancellationToken)
    {
        _expectations.ExpectCreations(key, indexes.Count);
        var batch = 1;
        while (indexes.Count > 0)
        {
            var size = Math.Min(batch, indexes.Count);
            var creations = Enumerable.Range(0, size).Select(_ => CreatePodAsync(key, job, indexes.Dequeue(), cancellationToken)).ToList();
            var results = await Task.WhenAll(creations);
            if (results.Any(ok => !ok))
            {
                // The pods never asked for will never be seen either.
                _expectations.LowerExpectations(key, indexes.Count, 0);
                throw new InvalidOperationException($"could not create every pod of job {key}");
            }

            batch *= 2;
        }
    }

    private Task<bool> CreatePodAsync(string key, JsonObject job, int? index, CancellationToken cancellationToken) =>
        _podControl.CreateAsync(key, job, PodFromTemplate(job, index), cancellationToken);

    private async Task DeletePodsAsync(string key, JsonObject job, List<JsonObject> pods, CancellationToken cancellationToken)
    {
        if (pods.Count == 0)
        {
            return;
        }

        _expectations.ExpectDeletions(key, pods.Count);
        await _podControl.DeleteAsync(key, job, pods, cancellationToken);
    }

    /// <summary>A pod of the job's template, owned by it, named after it (and its index, for an Indexed job).</summary>
    private static JsonObject PodFromTemplate(JsonObject job, int? index)
    {
        var template = KubeObject.Get(job, "spec", "template") as JsonObject ?? [];
        var metadata = (template["metadata"] as JsonObject)?.DeepClone().AsObject() ?? [];
        var name = KubeObject.Name(job)!;
        var indexText = index?.ToString(CultureInfo.InvariantCulture);
        metadata.Remove("name");
        metadata["generateName"] = indexText is null ? $"{name}-" : $"{name}-{indexText}-";
        metadata["namespace"] = KubeObject.Namespace(job);
        metadata["ownerReferences"] = new JsonArray(ControllerRefs.New(job, "batch/v1", "Job"));
        var spec = (template["spec"] as JsonObject)?.DeepClone().AsObject() ?? [];
        if (indexText is not null)
        {
            (metadata["annotations"] as JsonObject ?? (JsonObject)(metadata["annotations"] = new JsonObject()))[CompletionIndexAnnotation] = indexText;
            (metadata["labels"] as JsonObject ?? (JsonObject)(metadata["labels"] = new JsonObject()))[CompletionIndexAnnotation] = indexText;
            spec["hostname"] ??= $"{name}-{indexText}";
            foreach (var container in (spec["containers"] as JsonArray ?? []).Concat(spec["initContainers"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var env = container["env"] as JsonArray ?? (JsonArray)(container["env"] = new JsonArray());
                env.Add(new JsonObject
                {
                    ["name"] = "JOB_COMPLETION_INDEX",
                    ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = $"metadata.annotations['{CompletionIndexAnnotation}']" } },
                });
            }
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = spec };
    }

    /// <summary>Deletes a finished job once its ttlSecondsAfterFinished has passed (the ttl-after-finished controller).</summary>
    private async Task DeleteAfterTtlAsync(JsonObject job, DateTimeOffset finishedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (KubeObject.GetInt64(job, "spec", "ttlSecondsAfterFinished") is not { } ttl)
        {
            return;
        }

        var due = finishedAt + TimeSpan.FromSeconds(ttl);
        if (now < due)
        {
            EnqueueAfter(ObjectKey.Of(job), due - now);
            return;
        }

        try
        {
            await Client.DeleteAsync(ResourceRef.Jobs, KubeObject.Namespace(job), KubeObject.Name(job)!,
                new DeleteOptions { PropagationPolicy = "Foreground", PreconditionUid = KubeObject.Uid(job) }, cancellationToken);
            Log.Info("job {0} finished {1} ago: deleted (ttlSecondsAfterFinished)", ObjectKey.Of(job), now - finishedAt);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }
    }

    /// <summary>When the job finished (its Complete or Failed condition, True), or null while it runs.</summary>
    internal static DateTimeOffset? FinishedCondition(JsonObject job) =>
        (KubeObject.Get(job, "status", "conditions") as JsonArray)?.OfType<JsonObject>()
            .Where(c => KubeObject.GetString(c, "type") is "Complete" or "Failed" && KubeObject.GetString(c, "status") == "True")
            .Select(c => PodStates.Parse(KubeObject.GetString(c, "lastTransitionTime")) ?? DateTimeOffset.MinValue)
            .Cast<DateTimeOffset?>()
            .FirstOrDefault();

    private static int? IndexOf(JsonObject pod) =>
        int.TryParse(KubeObject.Annotations(pod).GetValueOrDefault(CompletionIndexAnnotation), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;

    private static JsonObject Condition(string type, string reason, string message, string time) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastProbeTime"] = time,
        ["lastTransitionTime"] = time,
        ["reason"] = reason,
        ["message"] = message,
    };
}
