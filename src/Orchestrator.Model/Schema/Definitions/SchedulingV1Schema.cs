using static Orchestrator.Model.Schema.Definitions.TypePrefix;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;

namespace Orchestrator.Model.Schema.Definitions;

/// <summary>scheduling.k8s.io/v1: priority classes.</summary>
internal static class SchedulingV1Schema
{
    public static void Define(SchemaBuilder s)
    {
        s.Object(Scheduling + "PriorityClass", "scheduling.k8s.io/v1", "PriorityClass defines mapping from a priority class name to the priority integer value.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "value", Int, Always, "value represents the integer value of this priority class.", required: true)
            .Field(3, "globalDefault", Bool, OmitEmpty, "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.")
            .Field(4, "description", Str, OmitEmpty, "description is an arbitrary string that usually provides guidelines on when this priority class should be used.")
            .Field(5, "preemptionPolicy", Str, WhenSet, "preemptionPolicy is the Policy for preempting pods with lower priority.");

        s.Object(Scheduling + "PriorityClassList", "scheduling.k8s.io/v1", "PriorityClassList is a collection of priority classes.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata")
            .Field(2, "items", ListOf(Ref(Scheduling + "PriorityClass")), Always, "items is the list of PriorityClasses", required: true);
    }
}
