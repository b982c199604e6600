using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Controllers.Jobs;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.Jobs;

/// <summary>
/// The Job controller against a real gateway; the test plays the kubelet, finishing pods through pods/status:
/// backoffLimit with the failure back-off, completions and parallelism, Indexed completion, activeDeadlineSeconds.
/// </summary>
public sealed class JobControllerTests(ITestOutputHelper output) : GatewayControllerTest("job-controller", output)
{
    private static readonly JobControllerSettings Shrunk = new() { PodFailureBackoffInitial = TimeSpan.FromSeconds(1), PodFailureBackoffMax = TimeSpan.FromSeconds(2) };

    [Fact]
    public void The_reference_settings_are_the_Kubernetes_defaults()
    {
        var settings = JobControllerSettings.FromConfig(ControllerManagerSettings.FromConfig(GatewaySystem.Config()).Controllers.GetConfig("job"));

        Assert.Equal(new JobControllerSettings(), settings);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.PodFailureBackoffInitial);
        Assert.Equal(TimeSpan.FromMinutes(6), settings.PodFailureBackoffMax);
    }

    [Fact]
    public async Task A_job_with_backoffLimit_2_fails_after_3_failed_pods_each_replaced_after_a_doubling_back_off()
    {
        StartJobs();
        var job = await CreateJobAsync("flaky", """{"backoffLimit":2}""");
        var uid = KubeObject.Uid(job)!;

        var waits = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var pods = await WaitForActivePodsAsync("flaky", 1);
            var pod = pods[0];
            Assert.StartsWith("flaky-", KubeObject.Name(pod), StringComparison.Ordinal);
            Assert.Equal("flaky", KubeObject.Labels(pod)["job-name"]);
            Assert.Equal("flaky", KubeObject.Labels(pod)["batch.kubernetes.io/job-name"]);
            Assert.Equal(uid, KubeObject.Labels(pod)["batch.kubernetes.io/controller-uid"]);
            var owner = (JsonObject)((JsonArray)KubeObject.Get(pod, "metadata", "ownerReferences")!)[0]!;
            Assert.Equal(("Job", "flaky", uid, true), (KubeObject.GetString(owner, "kind"), KubeObject.GetString(owner, "name"), KubeObject.GetString(owner, "uid"), owner["controller"]!.GetValue<bool>()));

            var failedAt = DateTime.UtcNow;
            await FinishPodAsync(pod, "Failed");
            if (attempt < 3)
            {
                await WaitForActivePodsAsync("flaky", 1, except: KubeObject.Name(pod));
                waits.Add(DateTime.UtcNow - failedAt);
            }
        }

        var failed = await WaitForConditionAsync("flaky", "Failed");
        Assert.Equal("BackoffLimitExceeded", KubeObject.GetString(failed.Condition, "reason"));
        Assert.Equal("Job has reached the specified backoff limit", KubeObject.GetString(failed.Condition, "message"));
        Assert.Equal(3, KubeObject.GetInt64(failed.Job, "status", "failed"));
        Assert.Equal(0, KubeObject.GetInt64(failed.Job, "status", "active"));
        Assert.NotNull(KubeObject.GetString(failed.Job, "status", "startTime"));

        // 1 s after the first failure, 2 s after the second.
        Assert.True(waits[0] >= TimeSpan.FromSeconds(0.9), $"the first replacement came after {waits[0]}");
        Assert.True(waits[1] >= TimeSpan.FromSeconds(1.9), $"the second replacement came after {waits[1]}");

        // No fourth pod, and Kubernetes' Events.
        await Task.Delay(500);
        Assert.Equal(3, (await JobPodsAsync("flaky")).Count);
        var events = (await Client.ListAsync(ResourceRef.Events, "default")).Items.Where(e => KubeObject.GetString(e, "involvedObject", "name") == "flaky").ToList();
        Assert.Equal(3, events.Where(e => KubeObject.GetString(e, "reason") == "SuccessfulCreate").Sum(e => KubeObject.GetInt64(e, "count") ?? 1));
        Assert.Contains(events, e => KubeObject.GetString(e, "message")?.StartsWith("Created pod: flaky-", StringComparison.Ordinal) == true);
        Assert.Contains(events, e => KubeObject.GetString(e, "reason") == "BackoffLimitExceeded" && KubeObject.GetString(e, "type") == "Warning");
    }

    [Fact]
    public async Task Five_completions_two_at_a_time_complete_the_job()
    {
        StartJobs();
        await CreateJobAsync("batch", """{"completions":5,"parallelism":2}""");

        var finished = 0;
        while (finished < 5)
        {
            var active = await WaitForActivePodsAsync("batch", Math.Min(2, 5 - finished));
            Assert.True(active.Count <= 2, $"{active.Count} pods ran at once");
            await FinishPodAsync(active[0], "Succeeded");
            finished++;
            await EventuallyAsync(async () => (await JobPodsAsync("batch")).Count(PodStates.Succeeded) == finished, $"{finished} pods succeeded");
        }

        var complete = await WaitForConditionAsync("batch", "Complete");
        Assert.Equal(5, KubeObject.GetInt64(complete.Job, "status", "succeeded"));
        Assert.Equal(0, KubeObject.GetInt64(complete.Job, "status", "active"));
        Assert.NotNull(KubeObject.GetString(complete.Job, "status", "completionTime"));
        Assert.Equal(5, (await JobPodsAsync("batch")).Count);
        var events = (await Client.ListAsync(ResourceRef.Events, "default")).Items;
        Assert.Contains(events, e => KubeObject.GetString(e, "reason") == "Completed" && KubeObject.GetString(e, "message") == "Job completed");
    }

    [Fact]
    public async Task An_Indexed_job_runs_one_pod_per_index_and_records_the_completed_indexes()
    {
        StartJobs();
        await CreateJobAsync("indexed", """{"completions":3,"parallelism":3,"completionMode":"Indexed"}""");

        var pods = await WaitForActivePodsAsync("indexed", 3);
        var byIndex = pods.ToDictionary(p => KubeObject.Annotations(p)[JobController.CompletionIndexAnnotation]);
        Assert.Equal(["0", "1", "2"], byIndex.Keys.Order());
        Assert.StartsWith("indexed-1-", KubeObject.Name(byIndex["1"]), StringComparison.Ordinal);

        await FinishPodAsync(byIndex["1"], "Succeeded");
        await EventuallyAsync(async () => KubeObject.GetString(await Client.GetAsync(ResourceRef.Jobs, "default", "indexed"), "status", "completedIndexes") == "1", "completedIndexes 1");
        await FinishPodAsync(byIndex["0"], "Succeeded");
        await FinishPodAsync(byIndex["2"], "Succeeded");

        var complete = await WaitForConditionAsync("indexed", "Complete");
        Assert.Equal("0-2", KubeObject.GetString(complete.Job, "status", "completedIndexes"));
        Assert.Equal(3, KubeObject.GetInt64(complete.Job, "status", "succeeded"));
    }

    [Fact]
    public async Task A_job_past_its_activeDeadlineSeconds_fails_and_its_pods_are_deleted()
    {
        StartJobs();
        await CreateJobAsync("slow", """{"activeDeadlineSeconds":2,"parallelism":2,"completions":4}""");

        var failed = await WaitForConditionAsync("slow", "Failed");
        Assert.Equal("DeadlineExceeded", KubeObject.GetString(failed.Condition, "reason"));
        Assert.Equal("Job was active longer than specified deadline", KubeObject.GetString(failed.Condition, "message"));
        var ran = PodStates.Parse(KubeObject.GetString(failed.Condition, "lastTransitionTime"))!.Value - PodStates.Parse(KubeObject.GetString(failed.Job, "status", "startTime"))!.Value;
        Assert.True(ran >= TimeSpan.FromSeconds(1), $"the job failed {ran} after it started");

        // Both pods were created, and deleted when the job failed.
        await EventuallyAsync(async () => (await JobPodsAsync("slow")).All(p => KubeObject.DeletionTimestamp(p) is not null), "the job's pods to be deleted");
        var events = (await Client.ListAsync(ResourceRef.Events, "default")).Items.Where(e => KubeObject.GetString(e, "involvedObject", "name") == "slow").ToList();
        Assert.Equal(2, events.Where(e => KubeObject.GetString(e, "reason") == "SuccessfulCreate").Sum(e => KubeObject.GetInt64(e, "count") ?? 1));
        Assert.Equal(2, events.Where(e => KubeObject.GetString(e, "reason") == "SuccessfulDelete").Sum(e => KubeObject.GetInt64(e, "count") ?? 1));
        Assert.Contains(events, e => KubeObject.GetString(e, "reason") == "DeadlineExceeded" && KubeObject.GetString(e, "type") == "Warning");
    }

    private void StartJobs() => StartController(context => JobController.Props(context, Shrunk), JobController.ControllerName);

    private Task<JsonObject> CreateJobAsync(string name, string spec)
    {
        var job = Json($$"""
            {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"{{name}}","namespace":"default"},
             "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox:local"}]} } } }
            """);
        foreach (var (field, value) in Json(spec))
        {
            job["spec"]![field] = value!.DeepClone();
        }

        return Client.CreateAsync(ResourceRef.Jobs, job);
    }

    private async Task<List<JsonObject>> JobPodsAsync(string job) =>
        [.. (await Client.ListAsync(ResourceRef.Pods, "default", new ListOptions { LabelSelector = $"batch.kubernetes.io/job-name={job}" })).Items];

    private Task<List<JsonObject>> WaitForActivePodsAsync(string job, int count, string? except = null) =>
        EventuallyAsync(async () =>
        {
            var active = (await JobPodsAsync(job)).Where(p => PodStates.Active(p) && KubeObject.Name(p) != except).ToList();
            Assert.True(active.Count <= count, $"{active.Count} active pods of {job}, expected {count}");
            return active.Count == count ? active : null;
        }, $"{count} active pods of job {job}");

    private async Task FinishPodAsync(JsonObject pod, string phase)
    {
        var current = await Client.GetAsync(ResourceRef.Pods, "default", KubeObject.Name(pod)!);
        current["status"] = new JsonObject { ["phase"] = phase };
        await Client.UpdateStatusAsync(ResourceRef.Pods, current);
    }

    private async Task<(JsonObject Job, JsonObject Condition)> WaitForConditionAsync(string name, string type)
    {
        var job = await EventuallyAsync(async () =>
        {
            var job = await Client.GetAsync(ResourceRef.Jobs, "default", name);
            return JobCondition(job, type) is not null ? job : null;
        }, $"job {name} to be {type}");
        return (job, JobCondition(job, type)!);
    }

    private static JsonObject? JobCondition(JsonObject job, string type) =>
        (KubeObject.Get(job, "status", "conditions") as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => KubeObject.GetString(c, "type") == type && KubeObject.GetString(c, "status") == "True");
}
