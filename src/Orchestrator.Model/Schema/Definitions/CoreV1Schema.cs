using static Orchestrator.Model.Schema.Definitions.TypePrefix;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;

namespace Orchestrator.Model.Schema.Definitions;

/// <summary>core/v1 (apiVersion v1) objects other than pods, and the references and resources they share.</summary>
internal static class CoreV1Schema
{
    public static void Define(SchemaBuilder s)
    {
        s.Object(Core + "Namespace", "v1", "Namespace provides a scope for Names.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "spec", Ref(Core + "NamespaceSpec"), Always, "Spec defines the behavior of the Namespace.")
            .Field(3, "status", Ref(Core + "NamespaceStatus"), Always, "Status describes the current status of a Namespace.");

        s.Object(Core + "Node", "v1", "Node is a worker node in Kubernetes.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "spec", Ref(Core + "NodeSpec"), Always, "Spec defines the behavior of a node.")
            .Field(3, "status", Ref(Core + "NodeStatus"), Always, "Most recently observed status of the node.");

        s.Object(Core + "ConfigMap", "v1", "ConfigMap holds configuration data for pods to consume.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(4, "immutable", Bool, WhenSet, "Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified).")
            .Field(2, "data", MapOf(Str), OmitEmpty, "Data contains the configuration data.")
            .Field(3, "binaryData", MapOf(Bytes), OmitEmpty, "BinaryData contains the binary data.");

        s.Object(Core + "Secret", "v1", "Secret holds secret data of a certain type.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(5, "immutable", Bool, WhenSet, "Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified).")
            .Field(2, "data", MapOf(Bytes), OmitEmpty, "Data contains the secret data.")
            .Field(4, "stringData", MapOf(Str), OmitEmpty, "stringData allows specifying non-binary secret data in string form.")
            .Field(3, "type", Str, OmitEmpty, "Used to facilitate programmatic handling of secret data.");

        s.Object(Core + "Event", "v1", "Event is a report of an event somewhere in the cluster.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.", required: true)
            .Field(2, "involvedObject", Ref(Core + "ObjectReference"), Always, "The object that this event is about.", required: true)
            .Field(3, "reason", Str, OmitEmpty, "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.")
            .Field(4, "message", Str, OmitEmpty, "A human-readable description of the status of this operation.")
            .Field(5, "source", Ref(Core + "EventSource"), Always, "The component reporting this event.")
            .Field(6, "firstTimestamp", Time, Always, "The time at which the event was first recorded.")
            .Field(7, "lastTimestamp", Time, Always, "The time at which the most recent occurrence of this event was recorded.")
            .Field(8, "count", Int, OmitEmpty, "The number of times this event has occurred.")
            .Field(9, "type", Str, OmitEmpty, "Type of this event (Normal, Warning), new types could be added in the future")
            .Field(10, "eventTime", MicroTime, Always, "MicroTime is version of Time with microsecond level precision.")
            .Field(11, "series", Ref(Core + "EventSeries"), WhenSet, "Data about the Event series this event represents or nil if it's a singleton Event.")
            .Field(12, "action", Str, OmitEmpty, "What action was taken/failed regarding to the Regarding object.")
            .Field(13, "related", Ref(Core + "ObjectReference"), WhenSet, "Optional secondary object for more complex actions.")
            .Field(14, "reportingComponent", Str, Always, "Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.")
            .Field(15, "reportingInstance", Str, Always, "ID of the controller instance, e.g. `kubelet-xyzf`.");

        s.Object(Core + "Service", "v1", "Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "spec", Ref(Core + "ServiceSpec"), Always, "Spec defines the behavior of a service.")
            .Field(3, "status", Ref(Core + "ServiceStatus"), Always, "Most recently observed status of the service.");

        s.Object(Core + "Endpoints", "v1", "Endpoints is a collection of endpoints that implement the actual service.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "subsets", ListOf(Ref(Core + "EndpointSubset")), OmitEmpty, "The set of all endpoints is the union of all subsets.");

        s.Object(Core + "ServiceAccount", "v1", "ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "secrets", ListOf(Ref(Core + "ObjectReference")), OmitEmpty, "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.")
            .Field(3, "imagePullSecrets", ListOf(Ref(Core + "LocalObjectReference")), OmitEmpty, "ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount.")
            .Field(4, "automountServiceAccountToken", Bool, WhenSet, "AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted.");

        s.Object(Core + "Binding", "v1", "Binding ties one object to another; for example, a pod is bound to a node by a scheduler.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "target", Ref(Core + "ObjectReference"), Always, "The target object that you want to bind to the standard object.", required: true);

        s.Object(Core + "ResourceQuota", "v1", "ResourceQuota sets aggregate quota restrictions enforced per namespace")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "spec", Ref(Core + "ResourceQuotaSpec"), Always, "Spec defines the desired quota.")
            .Field(3, "status", Ref(Core + "ResourceQuotaStatus"), Always, "Status defines the actual enforced quota and its current usage.");

        s.Object(Core + "NamespaceList", "v1", "NamespaceList is a list of Namespaces.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Core + "Namespace")), Always, "Items is the list of Namespace objects in the list.", required: true);

        s.Object(Core + "NodeList", "v1", "NodeList is the whole list of all Nodes which have been registered with master.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Core + "Node")), Always, "List of nodes", required: true);

        s.Object(Core + "ConfigMapList", "v1", "ConfigMapList is a resource containing a list of ConfigMap objects.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata")
            .Field(2, "items", ListOf(Ref(Core + "ConfigMap")), Always, "Items is the list of ConfigMaps.", required: true);

        s.Object(Core + "SecretList", "v1", "SecretList is a list of Secret.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Core + "Secret")), Always, "Items is a list of secret objects.", required: true);

        s.Object(Core + "EventList", "v1", "EventList is a list of events.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Core + "Event")), Always, "List of events", required: true);

        s.Object(Core + "ServiceList", "v1", "ServiceList holds a list of services.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Core + "Service")), Always, "List of services", required: true);

        s.Object(Core + "EndpointsList", "v1", "EndpointsList is a list of endpoints.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Core + "Endpoints")), Always, "List of endpoints.", required: true);

        s.Object(Core + "ServiceAccountList", "v1", "ServiceAccountList is a list of ServiceAccount objects")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Core + "ServiceAccount")), Always, "List of ServiceAccounts.", required: true);

        s.Object(Core + "ResourceQuotaList", "v1", "ResourceQuotaList is a list of ResourceQuota items.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Core + "ResourceQuota")), Always, "Items is a list of ResourceQuota objects.", required: true);

        s.Message(Core + "NamespaceSpec", "NamespaceSpec describes the attributes on a Namespace.")
            .Field(1, "finalizers", ListOf(Str), OmitEmpty, "Finalizers is an opaque list of values that must be empty to permanently remove object from storage.");

        s.Message(Core + "NamespaceStatus", "NamespaceStatus is information about the current status of a Namespace.")
            .Field(1, "phase", Str, OmitEmpty, "Phase is the current lifecycle phase of the namespace.")
            .Field(2, "conditions", ListOf(Ref(Core + "NamespaceCondition")), OmitEmpty, "Represents the latest available observations of a namespace's current state.");

        s.Message(Core + "NodeSpec", "NodeSpec describes the attributes that a node is created with.")
            .Field(1, "podCIDR", Str, OmitEmpty, "PodCIDR represents the pod IP range assigned to the node.")
            .Field(7, "podCIDRs", ListOf(Str), OmitEmpty, "podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node.")
            .Field(3, "providerID", Str, OmitEmpty, "ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>")
            .Field(4, "unschedulable", Bool, OmitEmpty, "Unschedulable controls node schedulability of new pods.")
            .Field(5, "taints", ListOf(Ref(Core + "Taint")), OmitEmpty, "If specified, the node's taints.")
            .Field(6, "configSource", Ref(Core + "NodeConfigSource"), WhenSet, "Deprecated: Previously used to specify the source of the node's configuration for the DynamicKubeletConfig feature.")
            .Field(2, "externalID", Str, OmitEmpty, "Deprecated.");

        s.Message(Core + "NodeStatus", "NodeStatus is information about the current status of a node.")
            .Field(1, "capacity", MapOf(Quantity), OmitEmpty, "Capacity represents the total resources of a node.")
            .Field(2, "allocatable", MapOf(Quantity), OmitEmpty, "Allocatable represents the resources of a node that are available for scheduling.")
            .Field(3, "phase", Str, OmitEmpty, "NodePhase is the recently observed lifecycle phase of the node.")
            .Field(4, "conditions", ListOf(Ref(Core + "NodeCondition")), OmitEmpty, "Conditions is an array of current observed node conditions.")
            .Field(5, "addresses", ListOf(Ref(Core + "NodeAddress")), OmitEmpty, "List of addresses reachable to the node.")
            .Field(6, "daemonEndpoints", Ref(Core + "NodeDaemonEndpoints"), Always, "Endpoints of daemons running on the Node.")
            .Field(7, "nodeInfo", Ref(Core + "NodeSystemInfo"), Always, "Set of ids/uuids to uniquely identify the node.")
            .Field(8, "images", ListOf(Ref(Core + "ContainerImage")), OmitEmpty, "List of container images on this node")
            .Field(9, "volumesInUse", ListOf(Str), OmitEmpty, "List of attachable volumes in use (mounted) by the node.")
            .Field(10, "volumesAttached", ListOf(Ref(Core + "AttachedVolume")), OmitEmpty, "List of volumes that are attached to the node.")
            .Field(11, "config", Ref(Core + "NodeConfigStatus"), WhenSet, "Status of the config assigned to the node via the dynamic Kubelet config feature.")
            .Field(12, "runtimeHandlers", ListOf(Ref(Core + "NodeRuntimeHandler")), OmitEmpty, "The available runtime handlers.")
            .Field(13, "features", Ref(Core + "NodeFeatures"), WhenSet, "Features describes the set of features implemented by the CRI implementation.");

        s.Message(Core + "ObjectReference", "ObjectReference contains enough information to let you inspect or modify the referred object.")
            .Field(1, "kind", Str, OmitEmpty, "Kind of the referent.")
            .Field(2, "namespace", Str, OmitEmpty, "Namespace of the referent.")
            .Field(3, "name", Str, OmitEmpty, "Name of the referent.")
            .Field(4, "uid", Str, OmitEmpty, "UID of the referent.")
            .Field(5, "apiVersion", Str, OmitEmpty, "API version of the referent.")
            .Field(6, "resourceVersion", Str, OmitEmpty, "Specific resourceVersion to which this reference is made, if any.")
            .Field(7, "fieldPath", Str, OmitEmpty, "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].");

        s.Message(Core + "EventSource", "EventSource contains information for an event.")
            .Field(1, "component", Str, OmitEmpty, "Component from which the event is generated.")
            .Field(2, "host", Str, OmitEmpty, "Node name on which the event is generated.");

        s.Message(Core + "EventSeries", "EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time.")
            .Field(1, "count", Int, OmitEmpty, "Number of occurrences in this series up to the last heartbeat time")
            .Field(2, "lastObservedTime", MicroTime, Always, "MicroTime is version of Time with microsecond level precision.");

        s.Message(Core + "ServiceSpec", "ServiceSpec describes the attributes that a user creates on a service.")
            .Field(1, "ports", ListOf(Ref(Core + "ServicePort")), OmitEmpty, "The list of ports that are exposed by this service.")
            .Field(2, "selector", MapOf(Str), OmitEmpty, "Route service traffic to pods with label keys and values matching this selector.")
            .Field(3, "clusterIP", Str, OmitEmpty, "clusterIP is the IP address of the service and is usually assigned randomly.")
            .Field(18, "clusterIPs", ListOf(Str), OmitEmpty, "ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly.")
            .Field(4, "type", Str, OmitEmpty, "type determines how the Service is exposed.")
            .Field(5, "externalIPs", ListOf(Str), OmitEmpty, "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.")
            .Field(7, "sessionAffinity", Str, OmitEmpty, "Supports \"ClientIP\" and \"None\".")
            .Field(8, "loadBalancerIP", Str, OmitEmpty, "Only applies to Service Type: LoadBalancer.")
            .Field(9, "loadBalancerSourceRanges", ListOf(Str), OmitEmpty, "If specified and supported by the platform, this will restrict traffic through the cloud-provider load-balancer will be restricted to the specified client IPs.")
            .Field(10, "externalName", Str, OmitEmpty, "externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record).")
            .Field(11, "externalTrafficPolicy", Str, OmitEmpty, "externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service's \"externally-facing\" addresses (NodePorts, ExternalIPs, and LoadBalancer IPs).")
            .Field(12, "healthCheckNodePort", Int, OmitEmpty, "healthCheckNodePort specifies the healthcheck nodePort for the service.")
            .Field(13, "publishNotReadyAddresses", Bool, OmitEmpty, "publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready.")
            .Field(14, "sessionAffinityConfig", Ref(Core + "SessionAffinityConfig"), WhenSet, "sessionAffinityConfig contains the configurations of session affinity.")
            .Field(19, "ipFamilies", ListOf(Str), OmitEmpty, "IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service.")
            .Field(17, "ipFamilyPolicy", Str, WhenSet, "IPFamilyPolicy represents the dual-stack-ness requested or required by this Service.")
            .Field(20, "allocateLoadBalancerNodePorts", Bool, WhenSet, "allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer.")
            .Field(21, "loadBalancerClass", Str, WhenSet, "loadBalancerClass is the class of the load balancer implementation this Service belongs to.")
            .Field(22, "internalTrafficPolicy", Str, WhenSet, "InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP.")
            .Field(23, "trafficDistribution", Str, WhenSet, "TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints.");

        s.Message(Core + "ServiceStatus", "ServiceStatus represents the current status of a service.")
            .Field(1, "loadBalancer", Ref(Core + "LoadBalancerStatus"), Always, "LoadBalancer contains the current status of the load-balancer, if one is present.")
            .Field(2, "conditions", ListOf(Ref(Meta + "Condition")), OmitEmpty, "Current service state");

        s.Message(Core + "EndpointSubset", "EndpointSubset is a group of addresses with a common set of ports.")
            .Field(1, "addresses", ListOf(Ref(Core + "EndpointAddress")), OmitEmpty, "IP addresses which offer the related ports that are marked as ready.")
            .Field(2, "notReadyAddresses", ListOf(Ref(Core + "EndpointAddress")), OmitEmpty, "IP addresses which offer the related ports but are not currently marked as ready because they have not yet finished starting, have recently failed a readiness check, or have recently failed a liveness check.")
            .Field(3, "ports", ListOf(Ref(Core + "EndpointPort")), OmitEmpty, "Port numbers available on the related IP addresses.");

        s.Message(Core + "LocalObjectReference", "LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.")
            .Field(1, "name", Str, OmitEmpty, "Name of the referent.");

        s.Message(Core + "ResourceQuotaSpec", "ResourceQuotaSpec defines the desired hard limits to enforce for Quota.")
            .Field(1, "hard", MapOf(Quantity), OmitEmpty, "hard is the set of desired hard limits for each named resource.")
            .Field(2, "scopes", ListOf(Str), OmitEmpty, "A collection of filters that must match each object tracked by a quota.")
            .Field(3, "scopeSelector", Ref(Core + "ScopeSelector"), WhenSet, "scopeSelector is also a collection of filters like scopes that must match each object tracked by a quota but expressed using ScopeSelectorOperator in combination with possible values.");

        s.Message(Core + "ResourceQuotaStatus", "ResourceQuotaStatus defines the enforced hard limits and observed use.")
            .Field(1, "hard", MapOf(Quantity), OmitEmpty, "Hard is the set of enforced hard limits for each named resource.")
            .Field(2, "used", MapOf(Quantity), OmitEmpty, "Used is the current observed total usage of the resource in the namespace.");

        s.Message(Core + "NamespaceCondition", "NamespaceCondition contains details about state of namespace.")
            .Field(1, "type", Str, Always, "Type of namespace controller condition.", required: true)
            .Field(2, "status", Str, Always, "Status of the condition, one of True, False, Unknown.", required: true)
            .Field(4, "lastTransitionTime", Time, Always, "Last time the condition transitioned from one status to another.")
            .Field(5, "reason", Str, OmitEmpty, "Unique, one-word, CamelCase reason for the condition's last transition.")
            .Field(6, "message", Str, OmitEmpty, "Human-readable message indicating details about last transition.");

        s.Message(Core + "Taint", "The node this Taint is attached to has the \"effect\" on any pod that does not tolerate the Taint.")
            .Field(1, "key", Str, Always, "Required. The taint key to be applied to a node.", required: true)
            .Field(2, "value", Str, OmitEmpty, "The taint value corresponding to the taint key.")
            .Field(3, "effect", Str, Always, "Required. The effect of the taint on pods that do not tolerate the taint.", required: true)
            .Field(4, "timeAdded", Time, WhenSet, "TimeAdded represents the time at which the taint was added.");

        s.Message(Core + "NodeConfigSource", "NodeConfigSource specifies a source of node configuration.")
            .Field(2, "configMap", Ref(Core + "ConfigMapNodeConfigSource"), WhenSet, "ConfigMap is a reference to a Node's ConfigMap");

        s.Message(Core + "NodeCondition", "NodeCondition contains condition information for a node.")
            .Field(1, "type", Str, Always, "Type of node condition.", required: true)
            .Field(2, "status", Str, Always, "Status of the condition, one of True, False, Unknown.", required: true)
            .Field(3, "lastHeartbeatTime", Time, Always, "Last time we got an update on a given condition.")
            .Field(4, "lastTransitionTime", Time, Always, "Last time the condition transit from one status to another.")
            .Field(5, "reason", Str, OmitEmpty, "(brief) reason for the condition's last transition.")
            .Field(6, "message", Str, OmitEmpty, "Human readable message indicating details about last transition.");

        s.Message(Core + "NodeAddress", "NodeAddress contains information for the node's address.")
            .Field(1, "type", Str, Always, "Node address type, one of Hostname, ExternalIP or InternalIP.", required: true)
            .Field(2, "address", Str, Always, "The node address.", required: true);

        s.Message(Core + "NodeDaemonEndpoints", "NodeDaemonEndpoints lists ports opened by daemons running on the Node.")
            .Field(1, "kubeletEndpoint", Ref(Core + "DaemonEndpoint"), Always, "Endpoint on which Kubelet is listening.");

        s.Message(Core + "NodeSystemInfo", "NodeSystemInfo is a set of ids/uuids to uniquely identify the node.")
            .Field(1, "machineID", Str, Always, "MachineID reported by the node.", required: true)
            .Field(2, "systemUUID", Str, Always, "SystemUUID reported by the node.", required: true)
            .Field(3, "bootID", Str, Always, "Boot ID reported by the node.", required: true)
            .Field(4, "kernelVersion", Str, Always, "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", required: true)
            .Field(5, "osImage", Str, Always, "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", required: true)
            .Field(6, "containerRuntimeVersion", Str, Always, "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", required: true)
            .Field(7, "kubeletVersion", Str, Always, "Kubelet Version reported by the node.", required: true)
            .Field(8, "kubeProxyVersion", Str, Always, "Deprecated: KubeProxy Version reported by the node.", required: true)
            .Field(9, "operatingSystem", Str, Always, "The Operating System reported by the node", required: true)
            .Field(10, "architecture", Str, Always, "The Architecture reported by the node", required: true);

        s.Message(Core + "ContainerImage", "Describe a container image")
            .Field(1, "names", ListOf(Str), Always, "Names by which this image is known.")
            .Field(2, "sizeBytes", Long, OmitEmpty, "The size of the image in bytes.");

        s.Message(Core + "AttachedVolume", "AttachedVolume describes a volume attached to a node")
            .Field(1, "name", Str, Always, "Name of the attached volume", required: true)
            .Field(2, "devicePath", Str, Always, "DevicePath represents the device path where the volume should be available", required: true);

        s.Message(Core + "NodeConfigStatus", "NodeConfigStatus describes the status of the config assigned by Node.Spec.ConfigSource.")
            .Field(1, "assigned", Ref(Core + "NodeConfigSource"), WhenSet, "Assigned reports the checkpointed config the node will try to use.")
            .Field(2, "active", Ref(Core + "NodeConfigSource"), WhenSet, "Active reports the checkpointed config the node is actively using.")
            .Field(3, "lastKnownGood", Ref(Core + "NodeConfigSource"), WhenSet, "LastKnownGood reports the checkpointed config the node will fall back to when it encounters an error attempting to use the Assigned config.")
            .Field(4, "error", Str, OmitEmpty, "Error describes any problems reconciling the Spec.ConfigSource to the Active config.");

        s.Message(Core + "NodeRuntimeHandler", "NodeRuntimeHandler is a set of runtime handler information.")
            .Field(1, "name", Str, Always, "Runtime handler name.")
            .Field(2, "features", Ref(Core + "NodeRuntimeHandlerFeatures"), WhenSet, "Supported features.");

        s.Message(Core + "NodeFeatures", "NodeFeatures describes the set of features implemented by the CRI implementation.")
            .Field(1, "supplementalGroupsPolicy", Bool, WhenSet, "SupplementalGroupsPolicy is set to true if the runtime supports SupplementalGroupsPolicy and ContainerUser.");

        s.Message(Core + "ServicePort", "ServicePort contains information on service's port.")
            .Field(1, "name", Str, OmitEmpty, "The name of this port within the service.")
            .Field(2, "protocol", Str, OmitEmpty, "The IP protocol for this port.")
            .Field(6, "appProtocol", Str, WhenSet, "The application protocol for this port.")
            .Field(3, "port", Int, Always, "The port that will be exposed by this service.", required: true)
            .Field(4, "targetPort", IntOrString, Always, "IntOrString is a type that can hold an int32 or a string.")
            .Field(5, "nodePort", Int, OmitEmpty, "The port on each node on which this service is exposed when type is NodePort or LoadBalancer.");

        s.Message(Core + "SessionAffinityConfig", "SessionAffinityConfig represents the configurations of session affinity.")
            .Field(1, "clientIP", Ref(Core + "ClientIPConfig"), WhenSet, "clientIP contains the configurations of Client IP based session affinity.");

        s.Message(Core + "LoadBalancerStatus", "LoadBalancerStatus represents the status of a load-balancer.")
            .Field(1, "ingress", ListOf(Ref(Core + "LoadBalancerIngress")), OmitEmpty, "Ingress is a list containing ingress points for the load-balancer.");

        s.Message(Core + "EndpointAddress", "EndpointAddress is a tuple that describes single IP address.")
            .Field(1, "ip", Str, Always, "The IP of this endpoint.", required: true)
            .Field(3, "hostname", Str, OmitEmpty, "The Hostname of this endpoint")
            .Field(4, "nodeName", Str, WhenSet, "Optional: Node hosting this endpoint.")
            .Field(2, "targetRef", Ref(Core + "ObjectReference"), WhenSet, "Reference to object providing the endpoint.");

        s.Message(Core + "EndpointPort", "EndpointPort is a tuple that describes a single port.")
            .Field(1, "name", Str, OmitEmpty, "The name of this port.")
            .Field(2, "port", Int, Always, "The port number of the endpoint.", required: true)
            .Field(3, "protocol", Str, OmitEmpty, "The IP protocol for this port.")
            .Field(4, "appProtocol", Str, WhenSet, "The application protocol for this port.");

        s.Message(Core + "ScopeSelector", "A scope selector represents the AND of the selectors represented by the scoped-resource selector requirements.")
            .Field(1, "matchExpressions", ListOf(Ref(Core + "ScopedResourceSelectorRequirement")), OmitEmpty, "A list of scope selector requirements by scope of the resources.");

        s.Message(Core + "ConfigMapNodeConfigSource", "ConfigMapNodeConfigSource contains the information to reference a ConfigMap as a config source for the Node.")
            .Field(1, "namespace", Str, Always, "Namespace is the metadata.namespace of the referenced ConfigMap.", required: true)
            .Field(2, "name", Str, Always, "Name is the metadata.name of the referenced ConfigMap.", required: true)
            .Field(3, "uid", Str, OmitEmpty, "UID is the metadata.UID of the referenced ConfigMap.")
            .Field(4, "resourceVersion", Str, OmitEmpty, "ResourceVersion is the metadata.ResourceVersion of the referenced ConfigMap.")
            .Field(5, "kubeletConfigKey", Str, Always, "KubeletConfigKey declares which key of the referenced ConfigMap corresponds to the KubeletConfiguration structure This field is required in all cases.", required: true);

        s.Message(Core + "DaemonEndpoint", "DaemonEndpoint contains information about a single Daemon endpoint.")
            .Field(1, "Port", Int, Always, "Port number of the given endpoint.", required: true);

        s.Message(Core + "NodeRuntimeHandlerFeatures", "NodeRuntimeHandlerFeatures is a set of features implemented by the runtime handler.")
            .Field(1, "recursiveReadOnlyMounts", Bool, WhenSet, "RecursiveReadOnlyMounts is set to true if the runtime handler supports RecursiveReadOnlyMounts.")
            .Field(2, "userNamespaces", Bool, WhenSet, "UserNamespaces is set to true if the runtime handler supports UserNamespaces, including for volumes.");

        s.Message(Core + "ClientIPConfig", "ClientIPConfig represents the configurations of Client IP based session affinity.")
            .Field(1, "timeoutSeconds", Int, WhenSet, "timeoutSeconds specifies the seconds of ClientIP type session sticky time.");

        s.Message(Core + "LoadBalancerIngress", "LoadBalancerIngress represents the status of a load-balancer ingress point: traffic intended for the service should be sent to an ingress point.")
            .Field(1, "ip", Str, OmitEmpty, "IP is set for load-balancer ingress points that are IP based (typically GCE or OpenStack load-balancers)")
            .Field(2, "hostname", Str, OmitEmpty, "Hostname is set for load-balancer ingress points that are DNS based (typically AWS load-balancers)")
            .Field(3, "ipMode", Str, WhenSet, "IPMode specifies how the load-balancer IP behaves, and may only be specified when the ip field is specified.")
            .Field(4, "ports", ListOf(Ref(Core + "PortStatus")), OmitEmpty, "Ports is a list of records of service ports If used, every port defined in the service should have an entry in it");

        s.Message(Core + "ScopedResourceSelectorRequirement", "A scoped-resource selector requirement is a selector that contains values, a scope name, and an operator that relates the scope name and values.")
            .Field(1, "scopeName", Str, Always, "The name of the scope that the selector applies to.", required: true)
            .Field(2, "operator", Str, Always, "Represents a scope's relationship to a set of values.", required: true)
            .Field(3, "values", ListOf(Str), OmitEmpty, "An array of string values.");

        s.Message(Core + "PortStatus", "PortStatus represents the error condition of a service port")
            .Field(1, "port", Int, Always, "Port is the port number of the service port of which status is recorded here", required: true)
            .Field(2, "protocol", Str, Always, "Protocol is the protocol of the service port of which status is recorded here The supported values are: \"TCP\", \"UDP\", \"SCTP\"", required: true)
            .Field(3, "error", Str, WhenSet, "Error is to record the problem with the service port The format of the error shall comply with the following rules: - built-in error values shall be specified in this file and those shall use CamelCase names - cloud provider specific error values must have names that comply with the format foo.example.com/CamelCase.");

        s.Message(Core + "ObjectFieldSelector", "ObjectFieldSelector selects an APIVersioned field of an object.")
            .Field(1, "apiVersion", Str, OmitEmpty, "Version of the schema the FieldPath is written in terms of, defaults to \"v1\".")
            .Field(2, "fieldPath", Str, Always, "Path of the field to select in the specified API version.", required: true);

        s.Message(Core + "ResourceFieldSelector", "ResourceFieldSelector represents container resources (cpu, memory) and their output format")
            .Field(1, "containerName", Str, OmitEmpty, "Container name: required for volumes, optional for env vars")
            .Field(2, "resource", Str, Always, "Required: resource to select", required: true)
            .Field(3, "divisor", Quantity, Always, "Specifies the output format of the exposed resources, defaults to \"1\"");
    }
}
