using static Orchestrator.Model.Schema.Definitions.TypePrefix;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;

namespace Orchestrator.Model.Schema.Definitions;

/// <summary>apps/v1: deployments, replica sets, daemon sets and stateful sets.</summary>
internal static class AppsV1Schema
{
    public static void Define(SchemaBuilder s)
    {
        s.Object(Apps + "Deployment", "apps/v1", "Deployment enables declarative updates for Pods and ReplicaSets.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "spec", Ref(Apps + "DeploymentSpec"), Always, "Specification of the desired behavior of the Deployment.")
            .Field(3, "status", Ref(Apps + "DeploymentStatus"), Always, "Most recently observed status of the Deployment.");

        s.Object(Apps + "ReplicaSet", "apps/v1", "ReplicaSet ensures that a specified number of pod replicas are running at any given time.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "If the Labels of a ReplicaSet are empty, they are defaulted to be the same as the Pod(s) that the ReplicaSet manages.")
            .Field(2, "spec", Ref(Apps + "ReplicaSetSpec"), Always, "Spec defines the specification of the desired behavior of the ReplicaSet.")
            .Field(3, "status", Ref(Apps + "ReplicaSetStatus"), Always, "Status is the most recently observed status of the ReplicaSet.");

        s.Object(Apps + "DaemonSet", "apps/v1", "DaemonSet represents the configuration of a daemon set.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "spec", Ref(Apps + "DaemonSetSpec"), Always, "The desired behavior of this daemon set.")
            .Field(3, "status", Ref(Apps + "DaemonSetStatus"), Always, "The current status of this daemon set.");

        s.Object(Apps + "StatefulSet", "apps/v1", "StatefulSet represents a set of pods with consistent identities.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "spec", Ref(Apps + "StatefulSetSpec"), Always, "Spec defines the desired identities of pods in this set.")
            .Field(3, "status", Ref(Apps + "StatefulSetStatus"), Always, "Status is the current status of Pods in this StatefulSet.");

        s.Object(Apps + "DeploymentList", "apps/v1", "DeploymentList is a list of Deployments.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Apps + "Deployment")), Always, "Items is the list of Deployments.", required: true);

        s.Object(Apps + "ReplicaSetList", "apps/v1", "ReplicaSetList is a collection of ReplicaSets.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Apps + "ReplicaSet")), Always, "List of ReplicaSets.", required: true);

        s.Object(Apps + "DaemonSetList", "apps/v1", "DaemonSetList is a collection of daemon sets.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Apps + "DaemonSet")), Always, "A list of daemon sets.", required: true);

        s.Object(Apps + "StatefulSetList", "apps/v1", "StatefulSetList is a collection of StatefulSets.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list's metadata.")
            .Field(2, "items", ListOf(Ref(Apps + "StatefulSet")), Always, "Items is the list of stateful sets.", required: true);

        s.Message(Apps + "DeploymentSpec", "DeploymentSpec is the specification of the desired behavior of the Deployment.")
            .Field(1, "replicas", Int, WhenSet, "Number of desired pods.")
            .Field(2, "selector", Ref(Meta + "LabelSelector"), NullWhenUnset, "Label selector for pods.", required: true)
            .Field(3, "template", Ref(Core + "PodTemplateSpec"), Always, "Template describes the pods that will be created.", required: true)
            .Field(4, "strategy", Ref(Apps + "DeploymentStrategy"), Always, "The deployment strategy to use to replace existing pods with new ones.")
            .Field(5, "minReadySeconds", Int, OmitEmpty, "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available.")
            .Field(6, "revisionHistoryLimit", Int, WhenSet, "The number of old ReplicaSets to retain to allow rollback.")
            .Field(7, "paused", Bool, OmitEmpty, "Indicates that the deployment is paused.")
            .Field(9, "progressDeadlineSeconds", Int, WhenSet, "The maximum time in seconds for a deployment to make progress before it is considered to be failed.");

        s.Message(Apps + "DeploymentStatus", "DeploymentStatus is the most recently observed status of the Deployment.")
            .Field(1, "observedGeneration", Long, OmitEmpty, "The generation observed by the deployment controller.")
            .Field(2, "replicas", Int, OmitEmpty, "Total number of non-terminated pods targeted by this deployment (their labels match the selector).")
            .Field(3, "updatedReplicas", Int, OmitEmpty, "Total number of non-terminated pods targeted by this deployment that have the desired template spec.")
            .Field(7, "readyReplicas", Int, OmitEmpty, "readyReplicas is the number of pods targeted by this Deployment with a Ready Condition.")
            .Field(4, "availableReplicas", Int, OmitEmpty, "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.")
            .Field(5, "unavailableReplicas", Int, OmitEmpty, "Total number of unavailable pods targeted by this deployment.")
            .Field(6, "conditions", ListOf(Ref(Apps + "DeploymentCondition")), OmitEmpty, "Represents the latest available observations of a deployment's current state.")
            .Field(8, "collisionCount", Int, WhenSet, "Count of hash collisions for the Deployment.");

        s.Message(Apps + "ReplicaSetSpec", "ReplicaSetSpec is the specification of a ReplicaSet.")
            .Field(1, "replicas", Int, WhenSet, "Replicas is the number of desired replicas.")
            .Field(4, "minReadySeconds", Int, OmitEmpty, "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available.")
            .Field(2, "selector", Ref(Meta + "LabelSelector"), NullWhenUnset, "Selector is a label query over pods that should match the replica count.", required: true)
            .Field(3, "template", Ref(Core + "PodTemplateSpec"), Always, "Template is the object that describes the pod that will be created if insufficient replicas are detected.");

        s.Message(Apps + "ReplicaSetStatus", "ReplicaSetStatus represents the current status of a ReplicaSet.")
            .Field(1, "replicas", Int, Always, "Replicas is the most recently observed number of replicas.", required: true)
            .Field(2, "fullyLabeledReplicas", Int, OmitEmpty, "The number of pods that have labels matching the labels of the pod template of the replicaset.")
            .Field(4, "readyReplicas", Int, OmitEmpty, "readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition.")
            .Field(5, "availableReplicas", Int, OmitEmpty, "The number of available replicas (ready for at least minReadySeconds) for this replica set.")
            .Field(3, "observedGeneration", Long, OmitEmpty, "ObservedGeneration reflects the generation of the most recently observed ReplicaSet.")
            .Field(6, "conditions", ListOf(Ref(Apps + "ReplicaSetCondition")), OmitEmpty, "Represents the latest available observations of a replica set's current state.");

        s.Message(Apps + "DaemonSetSpec", "DaemonSetSpec is the specification of a daemon set.")
            .Field(1, "selector", Ref(Meta + "LabelSelector"), NullWhenUnset, "A label query over pods that are managed by the daemon set.", required: true)
            .Field(2, "template", Ref(Core + "PodTemplateSpec"), Always, "An object that describes the pod that will be created.", required: true)
            .Field(3, "updateStrategy", Ref(Apps + "DaemonSetUpdateStrategy"), Always, "An update strategy to replace existing DaemonSet pods with new pods.")
            .Field(4, "minReadySeconds", Int, OmitEmpty, "The minimum number of seconds for which a newly created DaemonSet pod should be ready without any of its container crashing, for it to be considered available.")
            .Field(6, "revisionHistoryLimit", Int, WhenSet, "The number of old history to retain to allow rollback.");

        s.Message(Apps + "DaemonSetStatus", "DaemonSetStatus represents the current status of a daemon set.")
            .Field(1, "currentNumberScheduled", Int, Always, "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.", required: true)
            .Field(2, "numberMisscheduled", Int, Always, "The number of nodes that are running the daemon pod, but are not supposed to run the daemon pod.", required: true)
            .Field(3, "desiredNumberScheduled", Int, Always, "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).", required: true)
            .Field(4, "numberReady", Int, Always, "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.", required: true)
            .Field(5, "observedGeneration", Long, OmitEmpty, "The most recent generation observed by the daemon set controller.")
            .Field(6, "updatedNumberScheduled", Int, OmitEmpty, "The total number of nodes that are running updated daemon pod")
            .Field(7, "numberAvailable", Int, OmitEmpty, "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)")
            .Field(8, "numberUnavailable", Int, OmitEmpty, "The number of nodes that should be running the daemon pod and have none of the daemon pod running and available (ready for at least spec.minReadySeconds)")
            .Field(9, "collisionCount", Int, WhenSet, "Count of hash collisions for the DaemonSet.")
            .Field(10, "conditions", ListOf(Ref(Apps + "DaemonSetCondition")), OmitEmpty, "Represents the latest available observations of a DaemonSet's current state.");

        s.Message(Apps + "StatefulSetSpec", "A StatefulSetSpec is the specification of a StatefulSet.")
            .Field(1, "replicas", Int, WhenSet, "replicas is the desired number of replicas of the given Template.")
            .Field(2, "selector", Ref(Meta + "LabelSelector"), NullWhenUnset, "selector is a label query over pods that should match the replica count.", required: true)
            .Field(3, "template", Ref(Core + "PodTemplateSpec"), Always, "template is the object that describes the pod that will be created if insufficient replicas are detected.", required: true)
            .Field(4, "volumeClaimTemplates", ListOf(Ref(Core + "PersistentVolumeClaim")), OmitEmpty, "volumeClaimTemplates is a list of claims that pods are allowed to reference.")
            .Field(5, "serviceName", Str, Always, "serviceName is the name of the service that governs this StatefulSet.", required: true)
            .Field(6, "podManagementPolicy", Str, OmitEmpty, "podManagementPolicy controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down.")
            .Field(7, "updateStrategy", Ref(Apps + "StatefulSetUpdateStrategy"), Always, "updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template.")
            .Field(8, "revisionHistoryLimit", Int, WhenSet, "revisionHistoryLimit is the maximum number of revisions that will be maintained in the StatefulSet's revision history.")
            .Field(9, "minReadySeconds", Int, OmitEmpty, "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing for it to be considered available.")
            .Field(10, "persistentVolumeClaimRetentionPolicy", Ref(Apps + "StatefulSetPersistentVolumeClaimRetentionPolicy"), WhenSet, "persistentVolumeClaimRetentionPolicy describes the lifecycle of persistent volume claims created from volumeClaimTemplates.")
            .Field(11, "ordinals", Ref(Apps + "StatefulSetOrdinals"), WhenSet, "ordinals controls the numbering of replica indices in a StatefulSet.");

        s.Message(Apps + "StatefulSetStatus", "StatefulSetStatus represents the current state of a StatefulSet.")
            .Field(1, "observedGeneration", Long, OmitEmpty, "observedGeneration is the most recent generation observed for this StatefulSet.")
            .Field(2, "replicas", Int, Always, "replicas is the number of Pods created by the StatefulSet controller.", required: true)
            .Field(3, "readyReplicas", Int, OmitEmpty, "readyReplicas is the number of pods created for this StatefulSet with a Ready Condition.")
            .Field(4, "currentReplicas", Int, OmitEmpty, "currentReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by currentRevision.")
            .Field(5, "updatedReplicas", Int, OmitEmpty, "updatedReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by updateRevision.")
            .Field(6, "currentRevision", Str, OmitEmpty, "currentRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).")
            .Field(7, "updateRevision", Str, OmitEmpty, "updateRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)")
            .Field(9, "collisionCount", Int, WhenSet, "collisionCount is the count of hash collisions for the StatefulSet.")
            .Field(10, "conditions", ListOf(Ref(Apps + "StatefulSetCondition")), OmitEmpty, "Represents the latest available observations of a statefulset's current state.")
            .Field(11, "availableReplicas", Int, Always, "Total number of available pods (ready for at least minReadySeconds) targeted by this statefulset.");

        s.Message(Apps + "DeploymentStrategy", "DeploymentStrategy describes how to replace existing pods with new ones.")
            .Field(1, "type", Str, OmitEmpty, "Type of deployment.")
            .Field(2, "rollingUpdate", Ref(Apps + "RollingUpdateDeployment"), WhenSet, "Rolling update config params.");

        s.Message(Apps + "DeploymentCondition", "DeploymentCondition describes the state of a deployment at a certain point.")
            .Field(1, "type", Str, Always, "Type of deployment condition.", required: true)
            .Field(2, "status", Str, Always, "Status of the condition, one of True, False, Unknown.", required: true)
            .Field(6, "lastUpdateTime", Time, Always, "The last time this condition was updated.")
            .Field(7, "lastTransitionTime", Time, Always, "Last time the condition transitioned from one status to another.")
            .Field(4, "reason", Str, OmitEmpty, "The reason for the condition's last transition.")
            .Field(5, "message", Str, OmitEmpty, "A human readable message indicating details about the transition.");

        s.Message(Apps + "ReplicaSetCondition", "ReplicaSetCondition describes the state of a replica set at a certain point.")
            .Field(1, "type", Str, Always, "Type of replica set condition.", required: true)
            .Field(2, "status", Str, Always, "Status of the condition, one of True, False, Unknown.", required: true)
            .Field(3, "lastTransitionTime", Time, Always, "The last time the condition transitioned from one status to another.")
            .Field(4, "reason", Str, OmitEmpty, "The reason for the condition's last transition.")
            .Field(5, "message", Str, OmitEmpty, "A human readable message indicating details about the transition.");

        s.Message(Apps + "DaemonSetUpdateStrategy", "DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.")
            .Field(1, "type", Str, OmitEmpty, "Type of daemon set update.")
            .Field(2, "rollingUpdate", Ref(Apps + "RollingUpdateDaemonSet"), WhenSet, "Rolling update config params.");

        s.Message(Apps + "DaemonSetCondition", "DaemonSetCondition describes the state of a DaemonSet at a certain point.")
            .Field(1, "type", Str, Always, "Type of DaemonSet condition.", required: true)
            .Field(2, "status", Str, Always, "Status of the condition, one of True, False, Unknown.", required: true)
            .Field(3, "lastTransitionTime", Time, Always, "Last time the condition transitioned from one status to another.")
            .Field(4, "reason", Str, OmitEmpty, "The reason for the condition's last transition.")
            .Field(5, "message", Str, OmitEmpty, "A human readable message indicating details about the transition.");

        s.Message(Apps + "StatefulSetUpdateStrategy", "StatefulSetUpdateStrategy indicates the strategy that the StatefulSet controller will use to perform updates.")
            .Field(1, "type", Str, OmitEmpty, "Type indicates the type of the StatefulSetUpdateStrategy.")
            .Field(2, "rollingUpdate", Ref(Apps + "RollingUpdateStatefulSetStrategy"), WhenSet, "RollingUpdate is used to communicate parameters when Type is RollingUpdateStatefulSetStrategyType.");

        s.Message(Apps + "StatefulSetPersistentVolumeClaimRetentionPolicy", "StatefulSetPersistentVolumeClaimRetentionPolicy describes the policy used for PVCs created from the StatefulSet VolumeClaimTemplates.")
            .Field(1, "whenDeleted", Str, OmitEmpty, "WhenDeleted specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is deleted.")
            .Field(2, "whenScaled", Str, OmitEmpty, "WhenScaled specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is scaled down.");

        s.Message(Apps + "StatefulSetOrdinals", "StatefulSetOrdinals describes the policy used for replica ordinal assignment in this StatefulSet.")
            .Field(1, "start", Int, Always, "start is the number representing the first replica's index.");

        s.Message(Apps + "StatefulSetCondition", "StatefulSetCondition describes the state of a statefulset at a certain point.")
            .Field(1, "type", Str, Always, "Type of statefulset condition.", required: true)
            .Field(2, "status", Str, Always, "Status of the condition, one of True, False, Unknown.", required: true)
            .Field(3, "lastTransitionTime", Time, Always, "Last time the condition transitioned from one status to another.")
            .Field(4, "reason", Str, OmitEmpty, "The reason for the condition's last transition.")
            .Field(5, "message", Str, OmitEmpty, "A human readable message indicating details about the transition.");

        s.Message(Apps + "RollingUpdateDeployment", "Spec to control the desired behavior of rolling update.")
            .Field(1, "maxUnavailable", IntOrString, WhenSet, "IntOrString is a type that can hold an int32 or a string.")
            .Field(2, "maxSurge", IntOrString, WhenSet, "IntOrString is a type that can hold an int32 or a string.");

        s.Message(Apps + "RollingUpdateDaemonSet", "Spec to control the desired behavior of daemon set rolling update.")
            .Field(1, "maxUnavailable", IntOrString, WhenSet, "IntOrString is a type that can hold an int32 or a string.")
            .Field(2, "maxSurge", IntOrString, WhenSet, "IntOrString is a type that can hold an int32 or a string.");

        s.Message(Apps + "RollingUpdateStatefulSetStrategy", "RollingUpdateStatefulSetStrategy is used to communicate parameter for RollingUpdateStatefulSetStrategyType.")
            .Field(1, "partition", Int, WhenSet, "Partition indicates the ordinal at which the StatefulSet should be partitioned for updates.")
            .Field(2, "maxUnavailable", IntOrString, WhenSet, "IntOrString is a type that can hold an int32 or a string.");
    }
}
