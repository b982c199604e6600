using static Orchestrator.Model.Schema.Definitions.TypePrefix;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;

namespace Orchestrator.Model.Schema.Definitions;

/// <summary>batch/v1: jobs and cron jobs.</summary>
internal static class BatchV1Schema
{
    public static void Define(SchemaBuilder s)
    {
        s.Object(Batch + "Job", "batch/v1", "Job represents the configuration of a single job.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "spec", Ref(Batch + "JobSpec"), Always, "Specification of the desired behavior of a job.")
            .Field(3, "status", Ref(Batch + "JobStatus"), Always, "Current status of a job.");

        s.Object(Batch + "CronJob", "batch/v1", "CronJob represents the configuration of a single cron job.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "spec", Ref(Batch + "CronJobSpec"), Always, "Specification of the desired behavior of a cron job, including the schedule.")
            .Field(3, "status", Ref(Batch + "CronJobStatus"), Always, "Current status of a cron job.");

        s.Object(Batch + "JobList", "batch/v1", "JobList is a collection of jobs.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Batch + "Job")), Always, "items is the list of Jobs.", required: true);

        s.Object(Batch + "CronJobList", "batch/v1", "CronJobList is a collection of cron jobs.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Batch + "CronJob")), Always, "items is the list of CronJobs.", required: true);

        s.Message(Batch + "JobSpec", "JobSpec describes how the job execution will look like.")
            .Field(1, "parallelism", Int, WhenSet, "Specifies the maximum desired number of pods the job should run at any given time.")
            .Field(2, "completions", Int, WhenSet, "Specifies the desired number of successfully finished pods the job should be run with.")
            .Field(3, "activeDeadlineSeconds", Long, WhenSet, "Specifies the duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it; value must be positive integer.")
            .Field(11, "podFailurePolicy", Ref(Batch + "PodFailurePolicy"), WhenSet, "Specifies the policy of handling failed pods.")
            .Field(16, "successPolicy", Ref(Batch + "SuccessPolicy"), WhenSet, "successPolicy specifies the policy when the Job can be declared as succeeded.")
            .Field(7, "backoffLimit", Int, WhenSet, "Specifies the number of retries before marking this job failed.")
            .Field(12, "backoffLimitPerIndex", Int, WhenSet, "Specifies the limit for the number of retries within an index before marking this index as failed.")
            .Field(13, "maxFailedIndexes", Int, WhenSet, "Specifies the maximal number of failed indexes before marking the Job as failed, when backoffLimitPerIndex is set.")
            .Field(4, "selector", Ref(Meta + "LabelSelector"), WhenSet, "A label query over pods that should match the pod count.")
            .Field(5, "manualSelector", Bool, WhenSet, "manualSelector controls generation of pod labels and pod selectors.")
            .Field(6, "template", Ref(Core + "PodTemplateSpec"), Always, "Describes the pod that will be created when executing a job.", required: true)
            .Field(8, "ttlSecondsAfterFinished", Int, WhenSet, "ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution (either Complete or Failed).")
            .Field(9, "completionMode", Str, WhenSet, "completionMode specifies how Pod completions are tracked.")
            .Field(10, "suspend", Bool, WhenSet, "suspend specifies whether the Job controller should create Pods or not.")
            .Field(14, "podReplacementPolicy", Str, WhenSet, "podReplacementPolicy specifies when to create replacement Pods.")
            .Field(15, "managedBy", Str, WhenSet, "ManagedBy field indicates the controller that manages a Job.");

        s.Message(Batch + "JobStatus", "JobStatus represents the current state of a Job.")
            .Field(1, "conditions", ListOf(Ref(Batch + "JobCondition")), OmitEmpty, "The latest available observations of an object's current state.")
            .Field(2, "startTime", Time, WhenSet, "Represents time when the job controller started processing a job.")
            .Field(3, "completionTime", Time, WhenSet, "Represents time when the job was completed.")
            .Field(4, "active", Int, OmitEmpty, "The number of pending and running pods which are not terminating (without a deletionTimestamp).")
            .Field(5, "succeeded", Int, OmitEmpty, "The number of pods which reached phase Succeeded.")
            .Field(6, "failed", Int, OmitEmpty, "The number of pods which reached phase Failed.")
            .Field(11, "terminating", Int, WhenSet, "The number of pods which are terminating (in phase Pending or Running and have a deletionTimestamp).")
            .Field(7, "completedIndexes", Str, OmitEmpty, "completedIndexes holds the completed indexes when .spec.completionMode = \"Indexed\" in a text format.")
            .Field(10, "failedIndexes", Str, WhenSet, "FailedIndexes holds the failed indexes when spec.backoffLimitPerIndex is set.")
            .Field(8, "uncountedTerminatedPods", Ref(Batch + "UncountedTerminatedPods"), WhenSet, "uncountedTerminatedPods holds the UIDs of Pods that have terminated but the job controller hasn't yet accounted for in the status counters.")
            .Field(9, "ready", Int, WhenSet, "The number of active pods which have a Ready condition and are not terminating (without a deletionTimestamp).");

        s.Message(Batch + "CronJobSpec", "CronJobSpec describes how the job execution will look like and when it will actually run.")
            .Field(1, "schedule", Str, Always, "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.", required: true)
            .Field(8, "timeZone", Str, WhenSet, "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.")
            .Field(2, "startingDeadlineSeconds", Long, WhenSet, "Optional deadline in seconds for starting the job if it misses scheduled time for any reason.")
            .Field(3, "concurrencyPolicy", Str, OmitEmpty, "Specifies how to treat concurrent executions of a Job.")
            .Field(4, "suspend", Bool, WhenSet, "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.")
            .Field(5, "jobTemplate", Ref(Batch + "JobTemplateSpec"), Always, "Specifies the job that will be created when executing a CronJob.", required: true)
            .Field(6, "successfulJobsHistoryLimit", Int, WhenSet, "The number of successful finished jobs to retain.")
            .Field(7, "failedJobsHistoryLimit", Int, WhenSet, "The number of failed finished jobs to retain.");

        s.Message(Batch + "CronJobStatus", "CronJobStatus represents the current state of a cron job.")
            .Field(1, "active", ListOf(Ref(Core + "ObjectReference")), OmitEmpty, "A list of pointers to currently running jobs.")
            .Field(4, "lastScheduleTime", Time, WhenSet, "Information when was the last time the job was successfully scheduled.")
            .Field(5, "lastSuccessfulTime", Time, WhenSet, "Information when was the last time the job successfully completed.");

        s.Message(Batch + "PodFailurePolicy", "PodFailurePolicy describes how failed pods influence the backoffLimit.")
            .Field(1, "rules", ListOf(Ref(Batch + "PodFailurePolicyRule")), Always, "A list of pod failure policy rules.", required: true);

        s.Message(Batch + "SuccessPolicy", "SuccessPolicy describes when a Job can be declared as succeeded based on the success of some indexes.")
            .Field(1, "rules", ListOf(Ref(Batch + "SuccessPolicyRule")), Always, "rules represents the list of alternative rules for the declaring the Jobs as successful before `.status.succeeded >= .spec.completions`.", required: true);

        s.Message(Batch + "JobCondition", "JobCondition describes current state of a job.")
            .Field(1, "type", Str, Always, "Type of job condition, Complete or Failed.", required: true)
            .Field(2, "status", Str, Always, "Status of the condition, one of True, False, Unknown.", required: true)
            .Field(3, "lastProbeTime", Time, Always, "Last time the condition was checked.")
            .Field(4, "lastTransitionTime", Time, Always, "Last time the condition transit from one status to another.")
            .Field(5, "reason", Str, OmitEmpty, "(brief) reason for the condition's last transition.")
            .Field(6, "message", Str, OmitEmpty, "Human readable message indicating details about last transition.");

        s.Message(Batch + "UncountedTerminatedPods", "UncountedTerminatedPods holds UIDs of Pods that have terminated but haven't been accounted in Job status counters.")
            .Field(1, "succeeded", ListOf(Str), OmitEmpty, "succeeded holds UIDs of succeeded Pods.")
            .Field(2, "failed", ListOf(Str), OmitEmpty, "failed holds UIDs of failed Pods.");

        s.Message(Batch + "JobTemplateSpec", "JobTemplateSpec describes the data a Job should have when created from a template")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata of the jobs created from this template.")
            .Field(2, "spec", Ref(Batch + "JobSpec"), Always, "Specification of the desired behavior of the job.");

        s.Message(Batch + "PodFailurePolicyRule", "PodFailurePolicyRule describes how a pod failure is handled when the requirements are met.")
            .Field(1, "action", Str, Always, "Specifies the action taken on a pod failure when the requirements are satisfied.", required: true)
            .Field(2, "onExitCodes", Ref(Batch + "PodFailurePolicyOnExitCodesRequirement"), WhenSet, "Represents the requirement on the container exit codes.")
            .Field(3, "onPodConditions", ListOf(Ref(Batch + "PodFailurePolicyOnPodConditionsPattern")), OmitEmpty, "Represents the requirement on the pod conditions.");

        s.Message(Batch + "SuccessPolicyRule", "SuccessPolicyRule describes rule for declaring a Job as succeeded.")
            .Field(1, "succeededIndexes", Str, WhenSet, "succeededIndexes specifies the set of indexes which need to be contained in the actual set of the succeeded indexes for the Job.")
            .Field(2, "succeededCount", Int, WhenSet, "succeededCount specifies the minimal required size of the actual set of the succeeded indexes for the Job.");

        s.Message(Batch + "PodFailurePolicyOnExitCodesRequirement", "PodFailurePolicyOnExitCodesRequirement describes the requirement for handling a failed pod based on its container exit codes.")
            .Field(1, "containerName", Str, WhenSet, "Restricts the check for exit codes to the container with the specified name.")
            .Field(2, "operator", Str, Always, "Represents the relationship between the container exit code(s) and the specified values.", required: true)
            .Field(3, "values", ListOf(Int), Always, "Specifies the set of values.", required: true);

        s.Message(Batch + "PodFailurePolicyOnPodConditionsPattern", "PodFailurePolicyOnPodConditionsPattern describes a pattern for matching an actual pod condition type.")
            .Field(1, "type", Str, Always, "Specifies the required Pod condition type.", required: true)
            .Field(2, "status", Str, Always, "Specifies the required Pod condition status.", required: true);
    }
}
