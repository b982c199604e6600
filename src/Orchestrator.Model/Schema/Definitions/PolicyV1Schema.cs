using static Orchestrator.Model.Schema.Definitions.TypePrefix;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;

namespace Orchestrator.Model.Schema.Definitions;

/// <summary>policy/v1: evictions and pod disruption budgets.</summary>
internal static class PolicyV1Schema
{
    public static void Define(SchemaBuilder s)
    {
        s.Object(Policy + "Eviction", "policy/v1", "Eviction evicts a pod from its node subject to certain policies and safety constraints.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "ObjectMeta describes the pod that is being evicted.")
            .Field(2, "deleteOptions", Ref(Meta + "DeleteOptions"), WhenSet, "DeleteOptions may be provided");

        s.Object(Policy + "PodDisruptionBudget", "policy/v1", "PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "spec", Ref(Policy + "PodDisruptionBudgetSpec"), Always, "Specification of the desired behavior of the PodDisruptionBudget.")
            .Field(3, "status", Ref(Policy + "PodDisruptionBudgetStatus"), Always, "Most recently observed status of the PodDisruptionBudget.");

        s.Object(Policy + "PodDisruptionBudgetList", "policy/v1", "PodDisruptionBudgetList is a collection of PodDisruptionBudgets.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard object's metadata.")
            .Field(2, "items", ListOf(Ref(Policy + "PodDisruptionBudget")), Always, "Items is a list of PodDisruptionBudgets", required: true);

        s.Message(Policy + "PodDisruptionBudgetSpec", "PodDisruptionBudgetSpec is a description of a PodDisruptionBudget.")
            .Field(1, "minAvailable", IntOrString, WhenSet, "IntOrString is a type that can hold an int32 or a string.")
            .Field(2, "selector", Ref(Meta + "LabelSelector"), WhenSet, "Label query over pods whose evictions are managed by the disruption budget.")
            .Field(3, "maxUnavailable", IntOrString, WhenSet, "IntOrString is a type that can hold an int32 or a string.")
            .Field(4, "unhealthyPodEvictionPolicy", Str, WhenSet, "UnhealthyPodEvictionPolicy defines the criteria for when unhealthy pods should be considered for eviction.");

        s.Message(Policy + "PodDisruptionBudgetStatus", "PodDisruptionBudgetStatus represents information about the status of a PodDisruptionBudget.")
            .Field(1, "observedGeneration", Long, OmitEmpty, "Most recent generation observed when updating this PDB status.")
            .Field(2, "disruptedPods", MapOf(Time), OmitEmpty, "DisruptedPods contains information about pods whose eviction was processed by the API server eviction subresource handler but has not yet been observed by the PodDisruptionBudget controller.")
            .Field(3, "disruptionsAllowed", Int, Always, "Number of pod disruptions that are currently allowed.", required: true)
            .Field(4, "currentHealthy", Int, Always, "current number of healthy pods", required: true)
            .Field(5, "desiredHealthy", Int, Always, "minimum desired number of healthy pods", required: true)
            .Field(6, "expectedPods", Int, Always, "total number of pods counted by this disruption budget", required: true)
            .Field(7, "conditions", ListOf(Ref(Meta + "Condition")), OmitEmpty, "Conditions contain conditions for PDB.");
    }
}
