using static Orchestrator.Model.Schema.Definitions.TypePrefix;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;

namespace Orchestrator.Model.Schema.Definitions;

/// <summary>networking.k8s.io/v1: ingresses.</summary>
internal static class NetworkingV1Schema
{
    public static void Define(SchemaBuilder s)
    {
        s.Object(Networking + "Ingress", "networking.k8s.io/v1", "Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "spec", Ref(Networking + "IngressSpec"), Always, "spec is the desired state of the Ingress.")
            .Field(3, "status", Ref(Networking + "IngressStatus"), Always, "status is the current state of the Ingress.");

        s.Object(Networking + "IngressList", "networking.k8s.io/v1", "IngressList is a collection of Ingress.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard object's metadata.")
            .Field(2, "items", ListOf(Ref(Networking + "Ingress")), Always, "items is the list of Ingress.", required: true);

        s.Message(Networking + "IngressSpec", "IngressSpec describes the Ingress the user wishes to exist.")
            .Field(4, "ingressClassName", Str, WhenSet, "ingressClassName is the name of an IngressClass cluster resource.")
            .Field(1, "defaultBackend", Ref(Networking + "IngressBackend"), WhenSet, "defaultBackend is the backend that should handle requests that don't match any rule.")
            .Field(2, "tls", ListOf(Ref(Networking + "IngressTLS")), OmitEmpty, "tls represents the TLS configuration.")
            .Field(3, "rules", ListOf(Ref(Networking + "IngressRule")), OmitEmpty, "rules is a list of host rules used to configure the Ingress.");

        s.Message(Networking + "IngressStatus", "IngressStatus describe the current state of the Ingress.")
            .Field(1, "loadBalancer", Ref(Networking + "IngressLoadBalancerStatus"), Always, "loadBalancer contains the current status of the load-balancer.");

        s.Message(Networking + "IngressBackend", "IngressBackend describes all endpoints for a given service and port.")
            .Field(4, "service", Ref(Networking + "IngressServiceBackend"), WhenSet, "service references a service as a backend.")
            .Field(3, "resource", Ref(Core + "TypedLocalObjectReference"), WhenSet, "resource is an ObjectRef to another Kubernetes resource in the namespace of the Ingress object.");

        s.Message(Networking + "IngressTLS", "IngressTLS describes the transport layer security associated with an ingress.")
            .Field(1, "hosts", ListOf(Str), OmitEmpty, "hosts is a list of hosts included in the TLS certificate.")
            .Field(2, "secretName", Str, OmitEmpty, "secretName is the name of the secret used to terminate TLS traffic on port 443.");

        s.Message(Networking + "IngressRule", "IngressRule represents the rules mapping the paths under a specified host to the related backend services.")
            .Field(1, "host", Str, OmitEmpty, "host is the fully qualified domain name of a network host, as defined by RFC 3986.")
            .Inline(2, Networking + "IngressRuleValue");

        s.Message(Networking + "IngressLoadBalancerStatus", "IngressLoadBalancerStatus represents the status of a load-balancer.")
            .Field(1, "ingress", ListOf(Ref(Networking + "IngressLoadBalancerIngress")), OmitEmpty, "ingress is a list containing ingress points for the load-balancer.");

        s.Message(Networking + "IngressServiceBackend", "IngressServiceBackend references a Kubernetes Service as a Backend.")
            .Field(1, "name", Str, Always, "name is the referenced service.", required: true)
            .Field(2, "port", Ref(Networking + "ServiceBackendPort"), Always, "port of the referenced service.");

        s.Message(Networking + "IngressRuleValue", "IngressRuleValue represents a rule to apply against incoming requests.")
            .Field(1, "http", Ref(Networking + "HTTPIngressRuleValue"), WhenSet, "HTTPIngressRuleValue is a list of http selectors pointing to backends.");

        s.Message(Networking + "IngressLoadBalancerIngress", "IngressLoadBalancerIngress represents the status of a load-balancer ingress point.")
            .Field(1, "ip", Str, OmitEmpty, "ip is set for load-balancer ingress points that are IP based.")
            .Field(2, "hostname", Str, OmitEmpty, "hostname is set for load-balancer ingress points that are DNS based.")
            .Field(4, "ports", ListOf(Ref(Networking + "IngressPortStatus")), OmitEmpty, "ports provides information about the ports exposed by this LoadBalancer.");

        s.Message(Networking + "ServiceBackendPort", "ServiceBackendPort is the service port being referenced.")
            .Field(1, "name", Str, OmitEmpty, "name is the name of the port on the Service.")
            .Field(2, "number", Int, OmitEmpty, "number is the numerical port number (e.g. 80) on the Service.");

        s.Message(Networking + "HTTPIngressRuleValue", "HTTPIngressRuleValue is a list of http selectors pointing to backends.")
            .Field(1, "paths", ListOf(Ref(Networking + "HTTPIngressPath")), Always, "paths is a collection of paths that map requests to backends.", required: true);

        s.Message(Networking + "IngressPortStatus", "IngressPortStatus represents the error condition of a service port")
            .Field(1, "port", Int, Always, "port is the port number of the ingress port.", required: true)
            .Field(2, "protocol", Str, Always, "protocol is the protocol of the ingress port.", required: true)
            .Field(3, "error", Str, WhenSet, "error is to record the problem with the service port The format of the error shall comply with the following rules: - built-in error values shall be specified in this file and those shall use CamelCase names - cloud provider specific error values must have names that comply with the format foo.example.com/CamelCase.");

        s.Message(Networking + "HTTPIngressPath", "HTTPIngressPath associates a path with a backend.")
            .Field(1, "path", Str, OmitEmpty, "path is matched against the path of an incoming request.")
            .Field(3, "pathType", Str, NullWhenUnset, "pathType determines the interpretation of the path matching.", required: true)
            .Field(2, "backend", Ref(Networking + "IngressBackend"), Always, "backend defines the referenced service endpoint to which the traffic will be forwarded to.", required: true);
    }
}
