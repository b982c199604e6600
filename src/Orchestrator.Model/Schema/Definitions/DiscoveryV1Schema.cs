using static Orchestrator.Model.Schema.Definitions.TypePrefix;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;

namespace Orchestrator.Model.Schema.Definitions;

/// <summary>discovery.k8s.io/v1: endpoint slices.</summary>
internal static class DiscoveryV1Schema
{
    public static void Define(SchemaBuilder s)
    {
        s.Object(Discovery + "EndpointSlice", "discovery.k8s.io/v1", "EndpointSlice represents a set of service endpoints.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(4, "addressType", Str, Always, "addressType specifies the type of address carried by this EndpointSlice: IPv4, IPv6 or FQDN.", required: true)
            .Field(2, "endpoints", ListOf(Ref(Discovery + "Endpoint")), Always, "endpoints is a list of unique endpoints in this slice.", required: true)
            .Field(3, "ports", ListOf(Ref(Discovery + "EndpointPort")), Always, "ports specifies the list of network ports exposed by each endpoint in this slice.");

        s.Object(Discovery + "EndpointSliceList", "discovery.k8s.io/v1", "EndpointSliceList represents a list of endpoint slices")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Discovery + "EndpointSlice")), Always, "items is the list of endpoint slices", required: true);

        s.Message(Discovery + "Endpoint", "Endpoint represents a single logical \"backend\" implementing a service.")
            .Field(1, "addresses", ListOf(Str), Always, "addresses of this endpoint.", required: true)
            .Field(2, "conditions", Ref(Discovery + "EndpointConditions"), Always, "conditions contains information about the current status of the endpoint.")
            .Field(3, "hostname", Str, WhenSet, "hostname of this endpoint.")
            .Field(4, "targetRef", Ref(Core + "ObjectReference"), WhenSet, "targetRef is a reference to a Kubernetes object that represents this endpoint.")
            .Field(5, "deprecatedTopology", MapOf(Str), OmitEmpty, "deprecatedTopology contains topology information part of the v1beta1 API.")
            .Field(6, "nodeName", Str, WhenSet, "nodeName represents the name of the Node hosting this endpoint.")
            .Field(7, "zone", Str, WhenSet, "zone is the name of the Zone this endpoint exists in.")
            .Field(8, "hints", Ref(Discovery + "EndpointHints"), WhenSet, "hints contains information associated with how an endpoint should be consumed.");

        s.Message(Discovery + "EndpointConditions", "EndpointConditions represents the current condition of an endpoint.")
            .Field(1, "ready", Bool, WhenSet, "ready indicates that this endpoint is ready to receive traffic.")
            .Field(2, "serving", Bool, WhenSet, "serving indicates that this endpoint is able to receive traffic, according to whatever system is managing the endpoint.")
            .Field(3, "terminating", Bool, WhenSet, "terminating indicates that this endpoint is terminating.");

        s.Message(Discovery + "EndpointHints", "EndpointHints provides hints describing how an endpoint should be consumed.")
            .Field(1, "forZones", ListOf(Ref(Discovery + "ForZone")), OmitEmpty, "forZones indicates the zone(s) this endpoint should be consumed by when using topology aware routing.");

        s.Message(Discovery + "ForZone", "ForZone provides information about which zones should consume this endpoint.")
            .Field(1, "name", Str, Always, "name represents the name of the zone.", required: true);

        s.Message(Discovery + "EndpointPort", "EndpointPort represents a Port used by an EndpointSlice")
            .Field(1, "name", Str, WhenSet, "name represents the name of this port.")
            .Field(2, "protocol", Str, WhenSet, "protocol represents the IP protocol for this port.")
            .Field(3, "port", Int, WhenSet, "port represents the port number of the endpoint.")
            .Field(4, "appProtocol", Str, WhenSet, "The application protocol for this port.");
    }
}
