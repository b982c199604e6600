using static Orchestrator.Model.Schema.Definitions.TypePrefix;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;

namespace Orchestrator.Model.Schema.Definitions;

/// <summary>core/v1 pods: the pod, its spec (containers, probes, scheduling, security) and its status.</summary>
internal static class CoreV1PodSchema
{
    public static void Define(SchemaBuilder s)
    {
        s.Object(Core + "Pod", "v1", "Pod is a collection of containers that can run on a host.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "spec", Ref(Core + "PodSpec"), Always, "Specification of the desired behavior of the pod.")
            .Field(3, "status", Ref(Core + "PodStatus"), Always, "Most recently observed status of the pod.");

        s.Object(Core + "PodList", "v1", "PodList is a list of Pods.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Core + "Pod")), Always, "List of pods.", required: true);

        s.Message(Core + "PodTemplateSpec", "PodTemplateSpec describes the data a pod should have when created from a template")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "spec", Ref(Core + "PodSpec"), Always, "Specification of the desired behavior of the pod.");

        s.Message(Core + "PodSpec", "PodSpec is a description of a pod.")
            .Field(1, "volumes", ListOf(Ref(Core + "Volume")), OmitEmpty, "List of volumes that can be mounted by containers belonging to the pod.")
            .Field(20, "initContainers", ListOf(Ref(Core + "Container")), OmitEmpty, "List of initialization containers belonging to the pod.")
            .Field(2, "containers", ListOf(Ref(Core + "Container")), Always, "List of containers belonging to the pod.", required: true)
            .Field(34, "ephemeralContainers", ListOf(Ref(Core + "EphemeralContainer")), OmitEmpty, "List of ephemeral containers run in this pod.")
            .Field(3, "restartPolicy", Str, OmitEmpty, "Restart policy for all containers within the pod.")
            .Field(4, "terminationGracePeriodSeconds", Long, WhenSet, "Optional duration in seconds the pod needs to terminate gracefully.")
            .Field(5, "activeDeadlineSeconds", Long, WhenSet, "Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers.")
            .Field(6, "dnsPolicy", Str, OmitEmpty, "Set DNS policy for the pod.")
            .Field(7, "nodeSelector", MapOf(Str), OmitEmpty, "NodeSelector is a selector which must be true for the pod to fit on a node.")
            .Field(8, "serviceAccountName", Str, OmitEmpty, "ServiceAccountName is the name of the ServiceAccount to use to run this pod.")
            .Field(9, "serviceAccount", Str, OmitEmpty, "DeprecatedServiceAccount is a deprecated alias for ServiceAccountName.")
            .Field(21, "automountServiceAccountToken", Bool, WhenSet, "AutomountServiceAccountToken indicates whether a service account token should be automatically mounted.")
            .Field(10, "nodeName", Str, OmitEmpty, "NodeName indicates in which node this pod is scheduled.")
            .Field(11, "hostNetwork", Bool, OmitEmpty, "Host networking requested for this pod.")
            .Field(12, "hostPID", Bool, OmitEmpty, "Use the host's pid namespace.")
            .Field(13, "hostIPC", Bool, OmitEmpty, "Use the host's ipc namespace.")
            .Field(27, "shareProcessNamespace", Bool, WhenSet, "Share a single process namespace between all of the containers in a pod.")
            .Field(14, "securityContext", Ref(Core + "PodSecurityContext"), WhenSet, "SecurityContext holds pod-level security attributes and common container settings.")
            .Field(15, "imagePullSecrets", ListOf(Ref(Core + "LocalObjectReference")), OmitEmpty, "ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec.")
            .Field(16, "hostname", Str, OmitEmpty, "Specifies the hostname of the Pod If not specified, the pod's hostname will be set to a system-defined value.")
            .Field(17, "subdomain", Str, OmitEmpty, "If specified, the fully qualified Pod hostname will be \"<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>\".")
            .Field(18, "affinity", Ref(Core + "Affinity"), WhenSet, "If specified, the pod's scheduling constraints")
            .Field(19, "schedulerName", Str, OmitEmpty, "If specified, the pod will be dispatched by specified scheduler.")
            .Field(22, "tolerations", ListOf(Ref(Core + "Toleration")), OmitEmpty, "If specified, the pod's tolerations.")
            .Field(23, "hostAliases", ListOf(Ref(Core + "HostAlias")), OmitEmpty, "HostAliases is an optional list of hosts and IPs that will be injected into the pod's hosts file if specified.")
            .Field(24, "priorityClassName", Str, OmitEmpty, "If specified, indicates the pod's priority.")
            .Field(25, "priority", Int, WhenSet, "The priority value.")
            .Field(26, "dnsConfig", Ref(Core + "PodDNSConfig"), WhenSet, "Specifies the DNS parameters of a pod.")
            .Field(28, "readinessGates", ListOf(Ref(Core + "PodReadinessGate")), OmitEmpty, "If specified, all readiness gates will be evaluated for pod readiness.")
            .Field(29, "runtimeClassName", Str, WhenSet, "RuntimeClassName refers to a RuntimeClass object in the node.k8s.io group, which should be used to run this pod.")
            .Field(30, "enableServiceLinks", Bool, WhenSet, "EnableServiceLinks indicates whether information about services should be injected into pod's environment variables, matching the syntax of Docker links.")
            .Field(31, "preemptionPolicy", Str, WhenSet, "PreemptionPolicy is the Policy for preempting pods with lower priority.")
            .Field(32, "overhead", MapOf(Quantity), OmitEmpty, "Overhead represents the resource overhead associated with running a pod for a given RuntimeClass.")
            .Field(33, "topologySpreadConstraints", ListOf(Ref(Core + "TopologySpreadConstraint")), OmitEmpty, "TopologySpreadConstraints describes how a group of pods ought to spread across topology domains.")
            .Field(35, "setHostnameAsFQDN", Bool, WhenSet, "If true the pod's hostname will be configured as the pod's FQDN, rather than the leaf name (the default).")
            .Field(36, "os", Ref(Core + "PodOS"), WhenSet, "Specifies the OS of the containers in the pod.")
            .Field(37, "hostUsers", Bool, WhenSet, "Use the host's user namespace.")
            .Field(38, "schedulingGates", ListOf(Ref(Core + "PodSchedulingGate")), OmitEmpty, "SchedulingGates is an opaque list of values that if specified will block scheduling the pod.")
            .Field(39, "resourceClaims", ListOf(Ref(Core + "PodResourceClaim")), OmitEmpty, "ResourceClaims defines which ResourceClaims must be allocated and reserved before the Pod is allowed to start.")
            .Field(40, "resources", Ref(Core + "ResourceRequirements"), WhenSet, "Resources is the total amount of CPU and Memory resources required by all containers in the pod.");

        s.Message(Core + "PodStatus", "PodStatus represents information about the status of a pod.")
            .Field(1, "phase", Str, OmitEmpty, "The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle.")
            .Field(2, "conditions", ListOf(Ref(Core + "PodCondition")), OmitEmpty, "Current service state of pod.")
            .Field(3, "message", Str, OmitEmpty, "A human readable message indicating details about why the pod is in this condition.")
            .Field(4, "reason", Str, OmitEmpty, "A brief CamelCase message indicating details about why the pod is in this state.")
            .Field(11, "nominatedNodeName", Str, OmitEmpty, "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.")
            .Field(5, "hostIP", Str, OmitEmpty, "hostIP holds the IP address of the host to which the pod is assigned.")
            .Field(16, "hostIPs", ListOf(Ref(Core + "HostIP")), OmitEmpty, "hostIPs holds the IP addresses allocated to the host.")
            .Field(6, "podIP", Str, OmitEmpty, "podIP address allocated to the pod.")
            .Field(12, "podIPs", ListOf(Ref(Core + "PodIP")), OmitEmpty, "podIPs holds the IP addresses allocated to the pod.")
            .Field(7, "startTime", Time, WhenSet, "RFC 3339 date and time at which the object was acknowledged by the Kubelet.")
            .Field(10, "initContainerStatuses", ListOf(Ref(Core + "ContainerStatus")), OmitEmpty, "Statuses of init containers in this pod.")
            .Field(8, "containerStatuses", ListOf(Ref(Core + "ContainerStatus")), OmitEmpty, "Statuses of containers in this pod.")
            .Field(9, "qosClass", Str, OmitEmpty, "The Quality of Service (QOS) classification assigned to the pod based on resource requirements See PodQOSClass type for available QOS classes")
            .Field(13, "ephemeralContainerStatuses", ListOf(Ref(Core + "ContainerStatus")), OmitEmpty, "Statuses for any ephemeral containers that have run in this pod.")
            .Field(14, "resize", Str, OmitEmpty, "Status of resources resize desired for pod's containers.")
            .Field(15, "resourceClaimStatuses", ListOf(Ref(Core + "PodResourceClaimStatus")), OmitEmpty, "Status of resource claims.");

        s.Message(Core + "Container", "A single application container that you want to run within a pod.")
            .Field(1, "name", Str, Always, "Name of the container specified as a DNS_LABEL.", required: true)
            .Field(2, "image", Str, OmitEmpty, "Container image name.")
            .Field(3, "command", ListOf(Str), OmitEmpty, "Entrypoint array.")
            .Field(4, "args", ListOf(Str), OmitEmpty, "Arguments to the entrypoint.")
            .Field(5, "workingDir", Str, OmitEmpty, "Container's working directory.")
            .Field(6, "ports", ListOf(Ref(Core + "ContainerPort")), OmitEmpty, "List of ports to expose from the container.")
            .Field(19, "envFrom", ListOf(Ref(Core + "EnvFromSource")), OmitEmpty, "List of sources to populate environment variables in the container.")
            .Field(7, "env", ListOf(Ref(Core + "EnvVar")), OmitEmpty, "List of environment variables to set in the container.")
            .Field(8, "resources", Ref(Core + "ResourceRequirements"), Always, "Compute Resources required by this container.")
            .Field(23, "resizePolicy", ListOf(Ref(Core + "ContainerResizePolicy")), OmitEmpty, "Resources resize policy for the container.")
            .Field(24, "restartPolicy", Str, WhenSet, "RestartPolicy defines the restart behavior of individual containers in a pod.")
            .Field(9, "volumeMounts", ListOf(Ref(Core + "VolumeMount")), OmitEmpty, "Pod volumes to mount into the container's filesystem.")
            .Field(21, "volumeDevices", ListOf(Ref(Core + "VolumeDevice")), OmitEmpty, "volumeDevices is the list of block devices to be used by the container.")
            .Field(10, "livenessProbe", Ref(Core + "Probe"), WhenSet, "Periodic probe of container liveness.")
            .Field(11, "readinessProbe", Ref(Core + "Probe"), WhenSet, "Periodic probe of container service readiness.")
            .Field(22, "startupProbe", Ref(Core + "Probe"), WhenSet, "StartupProbe indicates that the Pod has successfully initialized.")
            .Field(12, "lifecycle", Ref(Core + "Lifecycle"), WhenSet, "Actions that the management system should take in response to container lifecycle events.")
            .Field(13, "terminationMessagePath", Str, OmitEmpty, "Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem.")
            .Field(20, "terminationMessagePolicy", Str, OmitEmpty, "Indicate how the termination message should be populated.")
            .Field(14, "imagePullPolicy", Str, OmitEmpty, "Image pull policy.")
            .Field(15, "securityContext", Ref(Core + "SecurityContext"), WhenSet, "SecurityContext defines the security options the container should be run with.")
            .Field(16, "stdin", Bool, OmitEmpty, "Whether this container should allocate a buffer for stdin in the container runtime.")
            .Field(17, "stdinOnce", Bool, OmitEmpty, "Whether the container runtime should close the stdin channel after it has been opened by a single attach.")
            .Field(18, "tty", Bool, OmitEmpty, "Whether this container should allocate a TTY for itself, also requires 'stdin' to be true.");

        s.Message(Core + "EphemeralContainer", "An EphemeralContainer is a temporary container that you may add to an existing Pod for user-initiated activities such as debugging.")
            .Inline(1, Core + "EphemeralContainerCommon")
            .Field(2, "targetContainerName", Str, OmitEmpty, "If set, the name of the container from PodSpec that this ephemeral container targets.");

        s.Message(Core + "PodSecurityContext", "PodSecurityContext holds pod-level security attributes and common container settings.")
            .Field(1, "seLinuxOptions", Ref(Core + "SELinuxOptions"), WhenSet, "The SELinux context to be applied to all containers.")
            .Field(8, "windowsOptions", Ref(Core + "WindowsSecurityContextOptions"), WhenSet, "The Windows specific settings applied to all containers.")
            .Field(2, "runAsUser", Long, WhenSet, "The UID to run the entrypoint of the container process.")
            .Field(6, "runAsGroup", Long, WhenSet, "The GID to run the entrypoint of the container process.")
            .Field(3, "runAsNonRoot", Bool, WhenSet, "Indicates that the container must run as a non-root user.")
            .Field(4, "supplementalGroups", ListOf(Long), OmitEmpty, "A list of groups applied to the first process run in each container, in addition to the container's primary GID and fsGroup (if specified).")
            .Field(12, "supplementalGroupsPolicy", Str, WhenSet, "Defines how supplemental groups of the first container processes are calculated.")
            .Field(5, "fsGroup", Long, WhenSet, "A special supplemental group that applies to all containers in a pod.")
            .Field(7, "sysctls", ListOf(Ref(Core + "Sysctl")), OmitEmpty, "Sysctls hold a list of namespaced sysctls used for the pod.")
            .Field(9, "fsGroupChangePolicy", Str, WhenSet, "fsGroupChangePolicy defines behavior of changing ownership and permission of the volume before being exposed inside Pod.")
            .Field(10, "seccompProfile", Ref(Core + "SeccompProfile"), WhenSet, "The seccomp options to use by the containers in this pod.")
            .Field(11, "appArmorProfile", Ref(Core + "AppArmorProfile"), WhenSet, "appArmorProfile is the AppArmor options to use by the containers in this pod.")
            .Field(13, "seLinuxChangePolicy", Str, WhenSet, "seLinuxChangePolicy defines how the container's SELinux label is applied to all volumes used by the Pod.");

        s.Message(Core + "Affinity", "Affinity is a group of affinity scheduling rules.")
            .Field(1, "nodeAffinity", Ref(Core + "NodeAffinity"), WhenSet, "Describes node affinity scheduling rules for the pod.")
            .Field(2, "podAffinity", Ref(Core + "PodAffinity"), WhenSet, "Describes pod affinity scheduling rules (e.g. co-locate this pod in the same node, zone, etc.")
            .Field(3, "podAntiAffinity", Ref(Core + "PodAntiAffinity"), WhenSet, "Describes pod anti-affinity scheduling rules (e.g. avoid putting this pod in the same node, zone, etc.");

        s.Message(Core + "Toleration", "The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.")
            .Field(1, "key", Str, OmitEmpty, "Key is the taint key that the toleration applies to.")
            .Field(2, "operator", Str, OmitEmpty, "Operator represents a key's relationship to the value.")
            .Field(3, "value", Str, OmitEmpty, "Value is the taint value the toleration matches to.")
            .Field(4, "effect", Str, OmitEmpty, "Effect indicates the taint effect to match.")
            .Field(5, "tolerationSeconds", Long, WhenSet, "TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute, otherwise this field is ignored) tolerates the taint.");

        s.Message(Core + "HostAlias", "HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod's hosts file.")
            .Field(1, "ip", Str, Always, "IP address of the host file entry.", required: true)
            .Field(2, "hostnames", ListOf(Str), OmitEmpty, "Hostnames for the above IP address.");

        s.Message(Core + "PodDNSConfig", "PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy.")
            .Field(1, "nameservers", ListOf(Str), OmitEmpty, "A list of DNS name server IP addresses.")
            .Field(2, "searches", ListOf(Str), OmitEmpty, "A list of DNS search domains for host-name lookup.")
            .Field(3, "options", ListOf(Ref(Core + "PodDNSConfigOption")), OmitEmpty, "A list of DNS resolver options.");

        s.Message(Core + "PodReadinessGate", "PodReadinessGate contains the reference to a pod condition")
            .Field(1, "conditionType", Str, Always, "ConditionType refers to a condition in the pod's condition list with matching type.", required: true);

        s.Message(Core + "TopologySpreadConstraint", "TopologySpreadConstraint specifies how to spread matching pods among the given topology.")
            .Field(1, "maxSkew", Int, Always, "MaxSkew describes the degree to which pods may be unevenly distributed.", required: true)
            .Field(2, "topologyKey", Str, Always, "TopologyKey is the key of node labels.", required: true)
            .Field(3, "whenUnsatisfiable", Str, Always, "WhenUnsatisfiable indicates how to deal with a pod if it doesn't satisfy the spread constraint.", required: true)
            .Field(4, "labelSelector", Ref(Meta + "LabelSelector"), WhenSet, "LabelSelector is used to find matching pods.")
            .Field(5, "minDomains", Int, WhenSet, "MinDomains indicates a minimum number of eligible domains.")
            .Field(6, "nodeAffinityPolicy", Str, WhenSet, "NodeAffinityPolicy indicates how we will treat Pod's nodeAffinity/nodeSelector when calculating pod topology spread skew.")
            .Field(7, "nodeTaintsPolicy", Str, WhenSet, "NodeTaintsPolicy indicates how we will treat node taints when calculating pod topology spread skew.")
            .Field(8, "matchLabelKeys", ListOf(Str), OmitEmpty, "MatchLabelKeys is a set of pod label keys to select the pods over which spreading will be calculated.");

        s.Message(Core + "PodOS", "PodOS defines the OS parameters of a pod.")
            .Field(1, "name", Str, Always, "Name is the name of the operating system.", required: true);

        s.Message(Core + "PodSchedulingGate", "PodSchedulingGate is associated to a Pod to guard its scheduling.")
            .Field(1, "name", Str, Always, "Name of the scheduling gate.", required: true);

        s.Message(Core + "PodResourceClaim", "PodResourceClaim references exactly one ResourceClaim, either directly or by naming a ResourceClaimTemplate which is then turned into a ResourceClaim for the pod.")
            .Field(1, "name", Str, Always, "Name uniquely identifies this resource claim inside the pod.", required: true)
            .Field(3, "resourceClaimName", Str, WhenSet, "ResourceClaimName is the name of a ResourceClaim object in the same namespace as this pod.")
            .Field(4, "resourceClaimTemplateName", Str, WhenSet, "ResourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same namespace as this pod.");

        s.Message(Core + "ResourceRequirements", "ResourceRequirements describes the compute resource requirements.")
            .Field(1, "limits", MapOf(Quantity), OmitEmpty, "Limits describes the maximum amount of compute resources allowed.")
            .Field(2, "requests", MapOf(Quantity), OmitEmpty, "Requests describes the minimum amount of compute resources required.")
            .Field(3, "claims", ListOf(Ref(Core + "ResourceClaim")), OmitEmpty, "Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.");

        s.Message(Core + "PodCondition", "PodCondition contains details for the current condition of this pod.")
            .Field(1, "type", Str, Always, "Type is the type of the condition.", required: true)
            .Field(2, "status", Str, Always, "Status is the status of the condition.", required: true)
            .Field(3, "lastProbeTime", Time, Always, "Last time we probed the condition.")
            .Field(4, "lastTransitionTime", Time, Always, "Last time the condition transitioned from one status to another.")
            .Field(5, "reason", Str, OmitEmpty, "Unique, one-word, CamelCase reason for the condition's last transition.")
            .Field(6, "message", Str, OmitEmpty, "Human-readable message indicating details about last transition.");

        s.Message(Core + "HostIP", "HostIP represents a single IP address allocated to the host.")
            .Field(1, "ip", Str, Always, "IP is the IP address assigned to the host", required: true);

        s.Message(Core + "PodIP", "PodIP represents a single IP address allocated to the pod.")
            .Field(1, "ip", Str, Always, "IP is the IP address assigned to the pod", required: true);

        s.Message(Core + "ContainerStatus", "ContainerStatus contains details for the current status of this container.")
            .Field(1, "name", Str, Always, "Name is a DNS_LABEL representing the unique name of the container.", required: true)
            .Field(2, "state", Ref(Core + "ContainerState"), Always, "State holds details about the container's current condition.")
            .Field(3, "lastState", Ref(Core + "ContainerState"), Always, "LastTerminationState holds the last termination state of the container to help debug container crashes and restarts.")
            .Field(4, "ready", Bool, Always, "Ready specifies whether the container is currently passing its readiness check.", required: true)
            .Field(5, "restartCount", Int, Always, "RestartCount holds the number of times the container has been restarted.", required: true)
            .Field(6, "image", Str, Always, "Image is the name of container image that the container is running.", required: true)
            .Field(7, "imageID", Str, Always, "ImageID is the image ID of the container's image.", required: true)
            .Field(8, "containerID", Str, OmitEmpty, "ContainerID is the ID of the container in the format '<type>://<container_id>'.")
            .Field(9, "started", Bool, WhenSet, "Started indicates whether the container has finished its postStart lifecycle hook and passed its startup probe.")
            .Field(10, "allocatedResources", MapOf(Quantity), OmitEmpty, "AllocatedResources represents the compute resources allocated for this container by the node.")
            .Field(11, "resources", Ref(Core + "ResourceRequirements"), WhenSet, "Resources represents the compute resource requests and limits that have been successfully enacted on the running container after it has been started or has been successfully resized.")
            .Field(12, "volumeMounts", ListOf(Ref(Core + "VolumeMountStatus")), OmitEmpty, "Status of volume mounts.")
            .Field(13, "user", Ref(Core + "ContainerUser"), WhenSet, "User represents user identity information initially attached to the first process of the container.")
            .Field(14, "allocatedResourcesStatus", ListOf(Ref(Core + "ResourceStatus")), OmitEmpty, "AllocatedResourcesStatus represents the status of various resources allocated for this Pod.");

        s.Message(Core + "PodResourceClaimStatus", "PodResourceClaimStatus is stored in the PodStatus for each PodResourceClaim which references a ResourceClaimTemplate.")
            .Field(1, "name", Str, Always, "Name uniquely identifies this resource claim inside the pod.", required: true)
            .Field(2, "resourceClaimName", Str, WhenSet, "ResourceClaimName is the name of the ResourceClaim that was generated for the Pod in the namespace of the Pod.");

        s.Message(Core + "ContainerPort", "ContainerPort represents a network port in a single container.")
            .Field(1, "name", Str, OmitEmpty, "If specified, this must be an IANA_SVC_NAME and unique within the pod.")
            .Field(2, "hostPort", Int, OmitEmpty, "Number of port to expose on the host.")
            .Field(3, "containerPort", Int, Always, "Number of port to expose on the pod's IP address.", required: true)
            .Field(4, "protocol", Str, OmitEmpty, "Protocol for port.")
            .Field(5, "hostIP", Str, OmitEmpty, "What host IP to bind the external port to.");

        s.Message(Core + "EnvFromSource", "EnvFromSource represents the source of a set of ConfigMaps")
            .Field(1, "prefix", Str, OmitEmpty, "An optional identifier to prepend to each key in the ConfigMap.")
            .Field(2, "configMapRef", Ref(Core + "ConfigMapEnvSource"), WhenSet, "The ConfigMap to select from")
            .Field(3, "secretRef", Ref(Core + "SecretEnvSource"), WhenSet, "The Secret to select from");

        s.Message(Core + "EnvVar", "EnvVar represents an environment variable present in a Container.")
            .Field(1, "name", Str, Always, "Name of the environment variable.", required: true)
            .Field(2, "value", Str, OmitEmpty, "Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables.")
            .Field(3, "valueFrom", Ref(Core + "EnvVarSource"), WhenSet, "Source for the environment variable's value.");

        s.Message(Core + "ContainerResizePolicy", "ContainerResizePolicy represents resource resize policy for the container.")
            .Field(1, "resourceName", Str, Always, "Name of the resource to which this resource resize policy applies.", required: true)
            .Field(2, "restartPolicy", Str, Always, "Restart policy to apply when specified resource is resized.", required: true);

        s.Message(Core + "VolumeMount", "VolumeMount describes a mounting of a Volume within a container.")
            .Field(1, "name", Str, Always, "This must match the Name of a Volume.", required: true)
            .Field(2, "readOnly", Bool, OmitEmpty, "Mounted read-only if true, read-write otherwise (false or unspecified).")
            .Field(7, "recursiveReadOnly", Str, WhenSet, "RecursiveReadOnly specifies whether read-only mounts should be handled recursively.")
            .Field(3, "mountPath", Str, Always, "Path within the container at which the volume should be mounted.", required: true)
            .Field(4, "subPath", Str, OmitEmpty, "Path within the volume from which the container's volume should be mounted.")
            .Field(5, "mountPropagation", Str, WhenSet, "mountPropagation determines how mounts are propagated from the host to container and the other way around.")
            .Field(6, "subPathExpr", Str, OmitEmpty, "Expanded path within the volume from which the container's volume should be mounted.");

        s.Message(Core + "VolumeDevice", "volumeDevice describes a mapping of a raw block device within a container.")
            .Field(1, "name", Str, Always, "name must match the name of a persistentVolumeClaim in the pod", required: true)
            .Field(2, "devicePath", Str, Always, "devicePath is the path inside of the container that the device will be mapped to.", required: true);

        s.Message(Core + "Probe", "Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.")
            .Inline(1, Core + "ProbeHandler")
            .Field(2, "initialDelaySeconds", Int, OmitEmpty, "Number of seconds after the container has started before liveness probes are initiated.")
            .Field(3, "timeoutSeconds", Int, OmitEmpty, "Number of seconds after which the probe times out.")
            .Field(4, "periodSeconds", Int, OmitEmpty, "How often (in seconds) to perform the probe.")
            .Field(5, "successThreshold", Int, OmitEmpty, "Minimum consecutive successes for the probe to be considered successful after having failed.")
            .Field(6, "failureThreshold", Int, OmitEmpty, "Minimum consecutive failures for the probe to be considered failed after having succeeded.")
            .Field(7, "terminationGracePeriodSeconds", Long, WhenSet, "Optional duration in seconds the pod needs to terminate gracefully upon probe failure.");

        s.Message(Core + "Lifecycle", "Lifecycle describes actions that the management system should take in response to container lifecycle events.")
            .Field(1, "postStart", Ref(Core + "LifecycleHandler"), WhenSet, "PostStart is called immediately after a container is created.")
            .Field(2, "preStop", Ref(Core + "LifecycleHandler"), WhenSet, "PreStop is called immediately before a container is terminated due to an API request or management event such as liveness/startup probe failure, preemption, resource contention, etc.");

        s.Message(Core + "SecurityContext", "SecurityContext holds security configuration that will be applied to a container.")
            .Field(1, "capabilities", Ref(Core + "Capabilities"), WhenSet, "The capabilities to add/drop when running containers.")
            .Field(2, "privileged", Bool, WhenSet, "Run container in privileged mode.")
            .Field(3, "seLinuxOptions", Ref(Core + "SELinuxOptions"), WhenSet, "The SELinux context to be applied to the container.")
            .Field(10, "windowsOptions", Ref(Core + "WindowsSecurityContextOptions"), WhenSet, "The Windows specific settings applied to all containers.")
            .Field(4, "runAsUser", Long, WhenSet, "The UID to run the entrypoint of the container process.")
            .Field(8, "runAsGroup", Long, WhenSet, "The GID to run the entrypoint of the container process.")
            .Field(5, "runAsNonRoot", Bool, WhenSet, "Indicates that the container must run as a non-root user.")
            .Field(6, "readOnlyRootFilesystem", Bool, WhenSet, "Whether this container has a read-only root filesystem.")
            .Field(7, "allowPrivilegeEscalation", Bool, WhenSet, "AllowPrivilegeEscalation controls whether a process can gain more privileges than its parent process.")
            .Field(9, "procMount", Str, WhenSet, "procMount denotes the type of proc mount to use for the containers.")
            .Field(11, "seccompProfile", Ref(Core + "SeccompProfile"), WhenSet, "The seccomp options to use by this container.")
            .Field(12, "appArmorProfile", Ref(Core + "AppArmorProfile"), WhenSet, "appArmorProfile is the AppArmor options to use by this container.");

        s.Message(Core + "EphemeralContainerCommon", "EphemeralContainerCommon is a copy of all fields in Container to be shared by EphemeralContainer.")
            .Field(1, "name", Str, Always, "Name of the ephemeral container specified as a DNS_LABEL.", required: true)
            .Field(2, "image", Str, OmitEmpty, "Container image name.")
            .Field(3, "command", ListOf(Str), OmitEmpty, "Entrypoint array.")
            .Field(4, "args", ListOf(Str), OmitEmpty, "Arguments to the entrypoint.")
            .Field(5, "workingDir", Str, OmitEmpty, "Container's working directory.")
            .Field(6, "ports", ListOf(Ref(Core + "ContainerPort")), OmitEmpty, "Ports are not allowed for ephemeral containers.")
            .Field(19, "envFrom", ListOf(Ref(Core + "EnvFromSource")), OmitEmpty, "List of sources to populate environment variables in the container.")
            .Field(7, "env", ListOf(Ref(Core + "EnvVar")), OmitEmpty, "List of environment variables to set in the container.")
            .Field(8, "resources", Ref(Core + "ResourceRequirements"), Always, "Resources are not allowed for ephemeral containers.")
            .Field(23, "resizePolicy", ListOf(Ref(Core + "ContainerResizePolicy")), OmitEmpty, "Resources resize policy for the container.")
            .Field(24, "restartPolicy", Str, WhenSet, "Restart policy for the container to manage the restart behavior of each container within a pod.")
            .Field(9, "volumeMounts", ListOf(Ref(Core + "VolumeMount")), OmitEmpty, "Pod volumes to mount into the container's filesystem.")
            .Field(21, "volumeDevices", ListOf(Ref(Core + "VolumeDevice")), OmitEmpty, "volumeDevices is the list of block devices to be used by the container.")
            .Field(10, "livenessProbe", Ref(Core + "Probe"), WhenSet, "Probes are not allowed for ephemeral containers.")
            .Field(11, "readinessProbe", Ref(Core + "Probe"), WhenSet, "Probes are not allowed for ephemeral containers.")
            .Field(22, "startupProbe", Ref(Core + "Probe"), WhenSet, "Probes are not allowed for ephemeral containers.")
            .Field(12, "lifecycle", Ref(Core + "Lifecycle"), WhenSet, "Lifecycle is not allowed for ephemeral containers.")
            .Field(13, "terminationMessagePath", Str, OmitEmpty, "Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem.")
            .Field(20, "terminationMessagePolicy", Str, OmitEmpty, "Indicate how the termination message should be populated.")
            .Field(14, "imagePullPolicy", Str, OmitEmpty, "Image pull policy.")
            .Field(15, "securityContext", Ref(Core + "SecurityContext"), WhenSet, "Optional: SecurityContext defines the security options the ephemeral container should be run with.")
            .Field(16, "stdin", Bool, OmitEmpty, "Whether this container should allocate a buffer for stdin in the container runtime.")
            .Field(17, "stdinOnce", Bool, OmitEmpty, "Whether the container runtime should close the stdin channel after it has been opened by a single attach.")
            .Field(18, "tty", Bool, OmitEmpty, "Whether this container should allocate a TTY for itself, also requires 'stdin' to be true.");

        s.Message(Core + "SELinuxOptions", "SELinuxOptions are the labels to be applied to the container")
            .Field(1, "user", Str, OmitEmpty, "User is a SELinux user label that applies to the container.")
            .Field(2, "role", Str, OmitEmpty, "Role is a SELinux role label that applies to the container.")
            .Field(3, "type", Str, OmitEmpty, "Type is a SELinux type label that applies to the container.")
            .Field(4, "level", Str, OmitEmpty, "Level is SELinux level label that applies to the container.");

        s.Message(Core + "WindowsSecurityContextOptions", "WindowsSecurityContextOptions contain Windows-specific options and credentials.")
            .Field(1, "gmsaCredentialSpecName", Str, WhenSet, "GMSACredentialSpecName is the name of the GMSA credential spec to use.")
            .Field(2, "gmsaCredentialSpec", Str, WhenSet, "GMSACredentialSpec is where the GMSA admission webhook (https://github.com/kubernetes-sigs/windows-gmsa) inlines the contents of the GMSA credential spec named by the GMSACredentialSpecName field.")
            .Field(3, "runAsUserName", Str, WhenSet, "The UserName in Windows to run the entrypoint of the container process.")
            .Field(4, "hostProcess", Bool, WhenSet, "HostProcess determines if a container should be run as a 'Host Process' container.");

        s.Message(Core + "Sysctl", "Sysctl defines a kernel parameter to be set")
            .Field(1, "name", Str, Always, "Name of a property to set", required: true)
            .Field(2, "value", Str, Always, "Value of a property to set", required: true);

        s.Message(Core + "SeccompProfile", "SeccompProfile defines a pod/container's seccomp profile settings.")
            .Field(1, "type", Str, Always, "type indicates which kind of seccomp profile will be applied.", required: true)
            .Field(2, "localhostProfile", Str, WhenSet, "localhostProfile indicates a profile defined in a file on the node should be used.");

        s.Message(Core + "AppArmorProfile", "AppArmorProfile defines a pod or container's AppArmor settings.")
            .Field(1, "type", Str, Always, "type indicates which kind of AppArmor profile will be applied.", required: true)
            .Field(2, "localhostProfile", Str, WhenSet, "localhostProfile indicates a profile loaded on the node that should be used.");

        s.Message(Core + "NodeAffinity", "Node affinity is a group of node affinity scheduling rules.")
            .Field(1, "requiredDuringSchedulingIgnoredDuringExecution", Ref(Core + "NodeSelector"), WhenSet, "If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.")
            .Field(2, "preferredDuringSchedulingIgnoredDuringExecution", ListOf(Ref(Core + "PreferredSchedulingTerm")), OmitEmpty, "The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions.");

        s.Message(Core + "PodAffinity", "Pod affinity is a group of inter pod affinity scheduling rules.")
            .Field(1, "requiredDuringSchedulingIgnoredDuringExecution", ListOf(Ref(Core + "PodAffinityTerm")), OmitEmpty, "If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.")
            .Field(2, "preferredDuringSchedulingIgnoredDuringExecution", ListOf(Ref(Core + "WeightedPodAffinityTerm")), OmitEmpty, "The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions.");

        s.Message(Core + "PodAntiAffinity", "Pod anti affinity is a group of inter pod anti affinity scheduling rules.")
            .Field(1, "requiredDuringSchedulingIgnoredDuringExecution", ListOf(Ref(Core + "PodAffinityTerm")), OmitEmpty, "If the anti-affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.")
            .Field(2, "preferredDuringSchedulingIgnoredDuringExecution", ListOf(Ref(Core + "WeightedPodAffinityTerm")), OmitEmpty, "The scheduler will prefer to schedule pods to nodes that satisfy the anti-affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions.");

        s.Message(Core + "PodDNSConfigOption", "PodDNSConfigOption defines DNS resolver options of a pod.")
            .Field(1, "name", Str, OmitEmpty, "Name is this DNS resolver option's name.")
            .Field(2, "value", Str, WhenSet, "Value is this DNS resolver option's value.");

        s.Message(Core + "ResourceClaim", "ResourceClaim references one entry in PodSpec.ResourceClaims.")
            .Field(1, "name", Str, Always, "Name must match the name of one entry in pod.spec.resourceClaims of the Pod where this field is used.", required: true)
            .Field(2, "request", Str, OmitEmpty, "Request is the name chosen for a request in the referenced claim.");

        s.Message(Core + "ContainerState", "ContainerState holds a possible state of container.")
            .Field(1, "waiting", Ref(Core + "ContainerStateWaiting"), WhenSet, "Details about a waiting container")
            .Field(2, "running", Ref(Core + "ContainerStateRunning"), WhenSet, "Details about a running container")
            .Field(3, "terminated", Ref(Core + "ContainerStateTerminated"), WhenSet, "Details about a terminated container");

        s.Message(Core + "VolumeMountStatus", "VolumeMountStatus shows status of volume mounts.")
            .Field(1, "name", Str, Always, "Name corresponds to the name of the original VolumeMount.", required: true)
            .Field(2, "mountPath", Str, Always, "MountPath corresponds to the original VolumeMount.", required: true)
            .Field(3, "readOnly", Bool, OmitEmpty, "ReadOnly corresponds to the original VolumeMount.")
            .Field(4, "recursiveReadOnly", Str, WhenSet, "RecursiveReadOnly must be set to Disabled, Enabled, or unspecified (for non-readonly mounts).");

        s.Message(Core + "ContainerUser", "ContainerUser represents user identity information")
            .Field(1, "linux", Ref(Core + "LinuxContainerUser"), WhenSet, "Linux holds user identity information initially attached to the first process of the containers in Linux.");

        s.Message(Core + "ResourceStatus", "ResourceStatus represents the status of a single resource allocated to a Pod.")
            .Field(1, "name", Str, Always, "Name of the resource.", required: true)
            .Field(2, "resources", ListOf(Ref(Core + "ResourceHealth")), OmitEmpty, "List of unique resources health.");

        s.Message(Core + "ConfigMapEnvSource", "ConfigMapEnvSource selects a ConfigMap to populate the environment variables with.")
            .Inline(1, Core + "LocalObjectReference")
            .Field(2, "optional", Bool, WhenSet, "Specify whether the ConfigMap must be defined");

        s.Message(Core + "SecretEnvSource", "SecretEnvSource selects a Secret to populate the environment variables with.")
            .Inline(1, Core + "LocalObjectReference")
            .Field(2, "optional", Bool, WhenSet, "Specify whether the Secret must be defined");

        s.Message(Core + "EnvVarSource", "EnvVarSource represents a source for the value of an EnvVar.")
            .Field(1, "fieldRef", Ref(Core + "ObjectFieldSelector"), WhenSet, "Selects a field of the pod: supports metadata.name, metadata.namespace, `metadata.labels['<KEY>']`, `metadata.annotations['<KEY>']`, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs.")
            .Field(2, "resourceFieldRef", Ref(Core + "ResourceFieldSelector"), WhenSet, "Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory and requests.ephemeral-storage) are currently supported.")
            .Field(3, "configMapKeyRef", Ref(Core + "ConfigMapKeySelector"), WhenSet, "Selects a key of a ConfigMap.")
            .Field(4, "secretKeyRef", Ref(Core + "SecretKeySelector"), WhenSet, "Selects a key of a secret in the pod's namespace");

        s.Message(Core + "ProbeHandler", "ProbeHandler defines a specific action that should be taken in a probe.")
            .Field(1, "exec", Ref(Core + "ExecAction"), WhenSet, "Exec specifies the action to take.")
            .Field(2, "httpGet", Ref(Core + "HTTPGetAction"), WhenSet, "HTTPGet specifies the http request to perform.")
            .Field(3, "tcpSocket", Ref(Core + "TCPSocketAction"), WhenSet, "TCPSocket specifies an action involving a TCP port.")
            .Field(4, "grpc", Ref(Core + "GRPCAction"), WhenSet, "GRPC specifies an action involving a GRPC port.");

        s.Message(Core + "LifecycleHandler", "LifecycleHandler defines a specific action that should be taken in a lifecycle hook.")
            .Field(1, "exec", Ref(Core + "ExecAction"), WhenSet, "Exec specifies the action to take.")
            .Field(2, "httpGet", Ref(Core + "HTTPGetAction"), WhenSet, "HTTPGet specifies the http request to perform.")
            .Field(3, "tcpSocket", Ref(Core + "TCPSocketAction"), WhenSet, "Deprecated.")
            .Field(4, "sleep", Ref(Core + "SleepAction"), WhenSet, "Sleep represents the duration that the container should sleep before being terminated.");

        s.Message(Core + "Capabilities", "Adds and removes POSIX capabilities from running containers.")
            .Field(1, "add", ListOf(Str), OmitEmpty, "Added capabilities")
            .Field(2, "drop", ListOf(Str), OmitEmpty, "Removed capabilities");

        s.Message(Core + "NodeSelector", "A node selector represents the union of the results of one or more label queries over a set of nodes; that is, it represents the OR of the selectors represented by the node selector terms.")
            .Field(1, "nodeSelectorTerms", ListOf(Ref(Core + "NodeSelectorTerm")), Always, "Required. A list of node selector terms.", required: true);

        s.Message(Core + "PreferredSchedulingTerm", "An empty preferred scheduling term matches all objects with implicit weight 0 (i.e. it's a no-op).")
            .Field(1, "weight", Int, Always, "Weight associated with matching the corresponding nodeSelectorTerm, in the range 1-100.", required: true)
            .Field(2, "preference", Ref(Core + "NodeSelectorTerm"), Always, "A node selector term, associated with the corresponding weight.", required: true);

        s.Message(Core + "PodAffinityTerm", "Defines a set of pods (namely those matching the labelSelector relative to the given namespace(s)) that this pod should be co-located (affinity) or not co-located (anti-affinity) with, where co-located is defined as running on a node whose value of the label with key <topologyKey> matches that of any node on which a pod of the set of pods is running")
            .Field(1, "labelSelector", Ref(Meta + "LabelSelector"), WhenSet, "A label query over a set of resources, in this case pods.")
            .Field(2, "namespaces", ListOf(Str), OmitEmpty, "namespaces specifies a static list of namespace names that the term applies to.")
            .Field(3, "topologyKey", Str, Always, "This pod should be co-located (affinity) or not co-located (anti-affinity) with the pods matching the labelSelector in the specified namespaces, where co-located is defined as running on a node whose value of the label with key topologyKey matches that of any node on which any of the selected pods is running.", required: true)
            .Field(4, "namespaceSelector", Ref(Meta + "LabelSelector"), WhenSet, "A label query over the set of namespaces that the term applies to.")
            .Field(5, "matchLabelKeys", ListOf(Str), OmitEmpty, "MatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.")
            .Field(6, "mismatchLabelKeys", ListOf(Str), OmitEmpty, "MismatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.");

        s.Message(Core + "WeightedPodAffinityTerm", "The weights of all of the matched WeightedPodAffinityTerm fields are added per-node to find the most preferred node(s)")
            .Field(1, "weight", Int, Always, "weight associated with matching the corresponding podAffinityTerm, in the range 1-100.", required: true)
            .Field(2, "podAffinityTerm", Ref(Core + "PodAffinityTerm"), Always, "Required. A pod affinity term, associated with the corresponding weight.", required: true);

        s.Message(Core + "ContainerStateWaiting", "ContainerStateWaiting is a waiting state of a container.")
            .Field(1, "reason", Str, OmitEmpty, "(brief) reason the container is not yet running.")
            .Field(2, "message", Str, OmitEmpty, "Message regarding why the container is not yet running.");

        s.Message(Core + "ContainerStateRunning", "ContainerStateRunning is a running state of a container.")
            .Field(1, "startedAt", Time, Always, "Time at which the container was last (re-)started");

        s.Message(Core + "ContainerStateTerminated", "ContainerStateTerminated is a terminated state of a container.")
            .Field(1, "exitCode", Int, Always, "Exit status from the last termination of the container", required: true)
            .Field(2, "signal", Int, OmitEmpty, "Signal from the last termination of the container")
            .Field(3, "reason", Str, OmitEmpty, "(brief) reason from the last termination of the container")
            .Field(4, "message", Str, OmitEmpty, "Message regarding the last termination of the container")
            .Field(5, "startedAt", Time, Always, "Time at which previous execution of the container started")
            .Field(6, "finishedAt", Time, Always, "Time at which the container last terminated")
            .Field(7, "containerID", Str, OmitEmpty, "Container's ID in the format '<type>://<container_id>'");

        s.Message(Core + "LinuxContainerUser", "LinuxContainerUser represents user identity information in Linux containers")
            .Field(1, "uid", Long, Always, "UID is the primary uid initially attached to the first process in the container", required: true)
            .Field(2, "gid", Long, Always, "GID is the primary gid initially attached to the first process in the container", required: true)
            .Field(3, "supplementalGroups", ListOf(Long), OmitEmpty, "SupplementalGroups are the supplemental groups initially attached to the first process in the container");

        s.Message(Core + "ResourceHealth", "ResourceHealth represents the health of a resource.")
            .Field(1, "resourceID", Str, Always, "ResourceID is the unique identifier of the resource.", required: true)
            .Field(2, "health", Str, OmitEmpty, "Health of the resource.");

        s.Message(Core + "ConfigMapKeySelector", "Selects a key from a ConfigMap.")
            .Inline(1, Core + "LocalObjectReference")
            .Field(2, "key", Str, Always, "The key to select.", required: true)
            .Field(3, "optional", Bool, WhenSet, "Specify whether the ConfigMap or its key must be defined");

        s.Message(Core + "SecretKeySelector", "SecretKeySelector selects a key of a Secret.")
            .Inline(1, Core + "LocalObjectReference")
            .Field(2, "key", Str, Always, "The key of the secret to select from.", required: true)
            .Field(3, "optional", Bool, WhenSet, "Specify whether the Secret or its key must be defined");

        s.Message(Core + "ExecAction", "ExecAction describes a \"run in container\" action.")
            .Field(1, "command", ListOf(Str), OmitEmpty, "Command is the command line to execute inside the container, the working directory for the command is root ('/') in the container's filesystem.");

        s.Message(Core + "HTTPGetAction", "HTTPGetAction describes an action based on HTTP Get requests.")
            .Field(1, "path", Str, OmitEmpty, "Path to access on the HTTP server.")
            .Field(2, "port", IntOrString, Always, "IntOrString is a type that can hold an int32 or a string.", required: true)
            .Field(3, "host", Str, OmitEmpty, "Host name to connect to, defaults to the pod IP.")
            .Field(4, "scheme", Str, OmitEmpty, "Scheme to use for connecting to the host.")
            .Field(5, "httpHeaders", ListOf(Ref(Core + "HTTPHeader")), OmitEmpty, "Custom headers to set in the request.");

        s.Message(Core + "TCPSocketAction", "TCPSocketAction describes an action based on opening a socket")
            .Field(1, "port", IntOrString, Always, "IntOrString is a type that can hold an int32 or a string.", required: true)
            .Field(2, "host", Str, OmitEmpty, "Optional: Host name to connect to, defaults to the pod IP.");

        s.Message(Core + "GRPCAction", "GRPCAction specifies an action involving a GRPC service.")
            .Field(1, "port", Int, Always, "Port number of the gRPC service.", required: true)
            .Field(2, "service", Str, NullWhenUnset, "Service is the name of the service to place in the gRPC HealthCheckRequest (see https://github.com/grpc/grpc/blob/master/doc/health-checking.md).");

        s.Message(Core + "SleepAction", "SleepAction describes a \"sleep\" action.")
            .Field(1, "seconds", Long, Always, "Seconds is the number of seconds to sleep.", required: true);

        s.Message(Core + "NodeSelectorTerm", "A null or empty node selector term matches no objects.")
            .Field(1, "matchExpressions", ListOf(Ref(Core + "NodeSelectorRequirement")), OmitEmpty, "A list of node selector requirements by node's labels.")
            .Field(2, "matchFields", ListOf(Ref(Core + "NodeSelectorRequirement")), OmitEmpty, "A list of node selector requirements by node's fields.");

        s.Message(Core + "HTTPHeader", "HTTPHeader describes a custom header to be used in HTTP probes")
            .Field(1, "name", Str, Always, "The header field name.", required: true)
            .Field(2, "value", Str, Always, "The header field value", required: true);

        s.Message(Core + "NodeSelectorRequirement", "A node selector requirement is a selector that contains values, a key, and an operator that relates the key and values.")
            .Field(1, "key", Str, Always, "The label key that the selector applies to.", required: true)
            .Field(2, "operator", Str, Always, "Represents a key's relationship to a set of values.", required: true)
            .Field(3, "values", ListOf(Str), OmitEmpty, "An array of string values.");
    }
}
