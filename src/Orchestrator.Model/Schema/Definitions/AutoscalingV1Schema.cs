using static Orchestrator.Model.Schema.Definitions.TypePrefix;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;

namespace Orchestrator.Model.Schema.Definitions;

/// <summary>autoscaling/v1: the scale subresource.</summary>
internal static class AutoscalingV1Schema
{
    public static void Define(SchemaBuilder s)
    {
        s.Object(Autoscaling + "Scale", "autoscaling/v1", "Scale represents a scaling request for a resource.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object metadata;")
            .Field(2, "spec", Ref(Autoscaling + "ScaleSpec"), Always, "spec defines the behavior of the scale.")
            .Field(3, "status", Ref(Autoscaling + "ScaleStatus"), Always, "status is the current status of the scale.");

        s.Message(Autoscaling + "ScaleSpec", "ScaleSpec describes the attributes of a scale subresource.")
            .Field(1, "replicas", Int, OmitEmpty, "replicas is the desired number of instances for the scaled object.");

        s.Message(Autoscaling + "ScaleStatus", "ScaleStatus represents the current status of a scale subresource.")
            .Field(1, "replicas", Int, Always, "replicas is the actual number of observed instances of the scaled object.", required: true)
            .Field(2, "selector", Str, OmitEmpty, "selector is the label query over pods that should match the replicas count.");
    }
}
