using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class JobStrategyTests
{
    private const string Uid = "0e5b2c1a-7777-4abc-9def-000000000042";

    private const string Pi = """
        {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","namespace":"default"},
         "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl:5.34","command":["perl","-e","print 3"]}]}}}}
        """;

    private readonly JobStrategy _strategy = new();

    private JsonObject Created(string patch = "{}")
    {
        var job = Patch(Json(Pi), patch);
        Valid(StrategyFlow.Create(_strategy, job, Uid));
        return job;
    }

    private FieldErrorList CreateErrors(string patch) => StrategyFlow.Create(_strategy, Patch(Json(Pi), patch), Uid);

    [Fact]
    public void A_minimal_job_gets_Kubernetes_defaults()
    {
        var spec = Created()["spec"]!;

        Assert.Equal(1, spec["completions"]!.GetValue<int>());
        Assert.Equal(1, spec["parallelism"]!.GetValue<int>());
        Assert.Equal(6, spec["backoffLimit"]!.GetValue<int>());
        Assert.Equal("NonIndexed", spec["completionMode"]!.GetValue<string>());
        Assert.False(spec["suspend"]!.GetValue<bool>());
        Assert.False(spec["manualSelector"]!.GetValue<bool>());
        Assert.Equal("TerminatingOrFailed", spec["podReplacementPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void Parallelism_alone_leaves_completions_unset()
    {
        var spec = Created("""{"spec":{"parallelism":3}}""")["spec"]!;

        Assert.Null(spec["completions"]);
        Assert.Equal(3, spec["parallelism"]!.GetValue<int>());
    }

    [Fact]
    public void The_selector_and_template_labels_are_generated_from_the_uid_and_name()
    {
        var job = Created();

        Assert.Equal($$$"""{"matchLabels":{"batch.kubernetes.io/controller-uid":"{{{Uid}}}"}}""", job["spec"]!["selector"]!.ToJsonString());
        var labels = job["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        Assert.Equal("pi", labels["job-name"]!.GetValue<string>());
        Assert.Equal("pi", labels["batch.kubernetes.io/job-name"]!.GetValue<string>());
        Assert.Equal(Uid, labels["controller-uid"]!.GetValue<string>());
        Assert.Equal(Uid, labels["batch.kubernetes.io/controller-uid"]!.GetValue<string>());

        // A job without labels of its own takes its template's.
        Assert.True(JsonNode.DeepEquals(labels, job["metadata"]!["labels"]));
        Assert.Equal("{}", job["status"]!.ToJsonString());
    }

    [Fact]
    public void Labels_of_the_job_itself_are_kept()
    {
        var job = Created("""{"metadata":{"labels":{"team":"math"}}}""");

        Assert.Equal("""{"team":"math"}""", job["metadata"]!["labels"]!.ToJsonString());
    }

    [Fact]
    public void A_manual_selector_is_left_alone()
    {
        var job = Created("""{"spec":{"manualSelector":true,"selector":{"matchLabels":{"run":"pi"}},"template":{"metadata":{"labels":{"run":"pi"}}}}}""");

        Assert.Equal("""{"matchLabels":{"run":"pi"}}""", job["spec"]!["selector"]!.ToJsonString());
        Assert.Equal("""{"run":"pi"}""", job["spec"]!["template"]!["metadata"]!["labels"]!.ToJsonString());
    }

    [Fact]
    public void Restart_policy_must_be_chosen_as_on_failure_or_never()
    {
        var error = HasError(CreateErrors("""{"spec":{"template":{"spec":{"restartPolicy":null}}}}"""), "spec.template.spec.restartPolicy", FieldErrorType.Required);

        Assert.Equal("spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"", error.ToString());
        Valid(CreateErrors("""{"spec":{"template":{"spec":{"restartPolicy":"OnFailure"}}}}"""));
    }

    [Theory]
    [InlineData("""{"spec":{"parallelism":-1}}""", "spec.parallelism", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"completions":-1}}""", "spec.completions", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"backoffLimit":-1}}""", "spec.backoffLimit", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"activeDeadlineSeconds":-1}}""", "spec.activeDeadlineSeconds", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"ttlSecondsAfterFinished":-1}}""", "spec.ttlSecondsAfterFinished", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"completionMode":"Sometimes"}}""", "spec.completionMode", FieldErrorType.NotSupported)]
    [InlineData("""{"spec":{"completionMode":"Indexed","completions":null,"parallelism":2}}""", "spec.completions", FieldErrorType.Required)]
    [InlineData("""{"spec":{"backoffLimitPerIndex":1}}""", "spec.backoffLimitPerIndex", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"template":{"spec":{"restartPolicy":"Sometimes"}}}}""", "spec.template.spec.restartPolicy", FieldErrorType.NotSupported)]
    [InlineData("""{"spec":{"template":{"spec":{"restartPolicy":"OnFailure"}},"podFailurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":[42]}}]}}}""", "spec.template.spec.restartPolicy", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"podFailurePolicy":{"rules":[{"action":"Explode","onExitCodes":{"operator":"In","values":[1]}}]}}}""", "spec.podFailurePolicy.rules[0].action", FieldErrorType.NotSupported)]
    [InlineData("""{"spec":{"podFailurePolicy":{"rules":[{"action":"Ignore"}]}}}""", "spec.podFailurePolicy.rules[0]", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"podReplacementPolicy":"Whenever"}}""", "spec.podReplacementPolicy", FieldErrorType.NotSupported)]
    [InlineData("""{"spec":{"selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"someone-else"}}}}""", "spec.selector", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"template":{"metadata":{"labels":{"job-name":"other"}}}}}""", "spec.template.metadata.labels[job-name]", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"manualSelector":true}}""", "spec.selector", FieldErrorType.Required)]
    [InlineData("""{"spec":{"manualSelector":true,"selector":{"matchLabels":{"run":"pi"}}}}""", "spec.template.metadata.labels", FieldErrorType.Invalid)]
    [InlineData("""{"metadata":{"name":"a.b"},"spec":{"completionMode":"Indexed"}}""", "metadata.name", FieldErrorType.Invalid)]
    public void Invalid_jobs_are_refused(string patch, string field, FieldErrorType type)
    {
        HasError(CreateErrors(patch), field, type);
    }

    [Fact]
    public void A_generated_selector_needs_the_uid()
    {
        var job = Json(Pi);
        _strategy.Default(job);
        _strategy.PrepareForCreate(job);

        HasError(_strategy.ValidateCreate(job), "metadata.uid", FieldErrorType.Required);
    }

    [Fact]
    public void Pod_failure_policies_default_their_condition_status_and_the_replacement_policy()
    {
        var spec = Created("""{"spec":{"podFailurePolicy":{"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget"}]}]}}}""")["spec"]!;

        Assert.Equal("True", spec["podFailurePolicy"]!["rules"]![0]!["onPodConditions"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("Failed", spec["podReplacementPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void Once_created_the_template_selector_and_completions_are_fixed()
    {
        var old = Created();

        var errors = StrategyFlow.Update(_strategy, Patch(old, """{"spec":{"completions":2,"template":{"spec":{"containers":[{"name":"pi","image":"perl:5.36"}]}}}}"""), old);

        HasError(errors, "spec.completions", FieldErrorType.Invalid);
        HasError(errors, "spec.template", FieldErrorType.Invalid);
        HasError(StrategyFlow.Update(_strategy, Patch(old, """{"spec":{"completionMode":"Indexed"}}"""), old), "spec.completionMode", FieldErrorType.Invalid);
    }

    [Fact]
    public void Parallelism_suspension_and_deadlines_may_change()
    {
        var old = Created();

        Valid(StrategyFlow.Update(_strategy, Patch(old, """{"spec":{"parallelism":4,"suspend":true,"activeDeadlineSeconds":60}}"""), old));
    }

    [Fact]
    public void An_indexed_job_scales_completions_with_parallelism()
    {
        var old = Created("""{"spec":{"completionMode":"Indexed","completions":3,"parallelism":3}}""");

        Valid(StrategyFlow.Update(_strategy, Patch(old, """{"spec":{"completions":5,"parallelism":5}}"""), old));
        HasError(StrategyFlow.Update(_strategy, Patch(old, """{"spec":{"completions":5}}"""), old), "spec.completions", FieldErrorType.Invalid);
    }

    [Fact]
    public void A_suspended_job_that_never_started_may_move_its_pods()
    {
        var old = Created("""{"spec":{"suspend":true}}""");
        var moved = Patch(old, """{"spec":{"template":{"spec":{"nodeSelector":{"zone":"b"}},"metadata":{"annotations":{"a":"b"}}}}}""");
        var started = Patch(old, """{"status":{"startTime":"2024-01-01T00:00:00Z"}}""");

        Valid(StrategyFlow.Update(_strategy, moved, old));
        HasError(StrategyFlow.Update(_strategy, Patch(started, """{"spec":{"template":{"spec":{"nodeSelector":{"zone":"b"}}}}}"""), started), "spec.template", FieldErrorType.Invalid);
    }

    [Fact]
    public void Status_counters_may_not_be_negative()
    {
        var old = Created();

        HasError(_strategy.ValidateStatusUpdate(Patch(old, """{"status":{"succeeded":-1}}"""), old), "status.succeeded", FieldErrorType.Invalid);
        Valid(_strategy.ValidateStatusUpdate(Patch(old, """{"status":{"active":1,"ready":1}}"""), old));
    }

    [Fact]
    public void Jobs_are_selectable_by_their_successful_count()
    {
        var job = Created();

        Assert.Equal("0", _strategy.GetSelectableField(job, "status.successful"));
        job["status"] = new JsonObject { ["succeeded"] = 2 };
        Assert.Equal("2", _strategy.GetSelectableField(job, "status.successful"));
        Assert.Equal("pi", _strategy.GetSelectableField(job, "metadata.name"));
    }
}
