using static Orchestrator.Model.Schema.Definitions.TypePrefix;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;

namespace Orchestrator.Model.Schema.Definitions;

/// <summary>coordination.k8s.io/v1: leases (node heartbeats, leader election).</summary>
internal static class CoordinationV1Schema
{
    public static void Define(SchemaBuilder s)
    {
        s.Object(Coordination + "Lease", "coordination.k8s.io/v1", "Lease defines a lease concept.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata")
            .Field(2, "spec", Ref(Coordination + "LeaseSpec"), Always, "spec contains the specification of the Lease.");

        s.Object(Coordination + "LeaseList", "coordination.k8s.io/v1", "LeaseList is a list of Lease objects.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Coordination + "Lease")), Always, "items is a list of schema objects.", required: true);

        s.Message(Coordination + "LeaseSpec", "LeaseSpec is a specification of a Lease.")
            .Field(1, "holderIdentity", Str, WhenSet, "holderIdentity contains the identity of the holder of a current lease.")
            .Field(2, "leaseDurationSeconds", Int, WhenSet, "leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it.")
            .Field(3, "acquireTime", MicroTime, WhenSet, "MicroTime is version of Time with microsecond level precision.")
            .Field(4, "renewTime", MicroTime, WhenSet, "MicroTime is version of Time with microsecond level precision.")
            .Field(5, "leaseTransitions", Int, WhenSet, "leaseTransitions is the number of transitions of a lease between holders.")
            .Field(6, "strategy", Str, WhenSet, "Strategy indicates the strategy for picking the leader for coordinated leader election.")
            .Field(7, "preferredHolder", Str, WhenSet, "PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up.");
    }
}
