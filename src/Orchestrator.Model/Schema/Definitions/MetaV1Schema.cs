using static Orchestrator.Model.Schema.Definitions.TypePrefix;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;

namespace Orchestrator.Model.Schema.Definitions;

/// <summary>meta/v1: object and list metadata, selectors, conditions, delete options and statuses, shared by every group.</summary>
internal static class MetaV1Schema
{
    public static void Define(SchemaBuilder s)
    {
        s.Message(Meta + "ObjectMeta", "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.")
            .Field(1, "name", Str, OmitEmpty, "Name must be unique within a namespace.")
            .Field(2, "generateName", Str, OmitEmpty, "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.")
            .Field(3, "namespace", Str, OmitEmpty, "Namespace defines the space within which each name must be unique.")
            .Field(4, "selfLink", Str, OmitEmpty, "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.")
            .Field(5, "uid", Str, OmitEmpty, "UID is the unique in time and space value for this object.")
            .Field(6, "resourceVersion", Str, OmitEmpty, "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed.")
            .Field(7, "generation", Long, OmitEmpty, "A sequence number representing a specific generation of the desired state.")
            .Field(8, "creationTimestamp", Time, Always, "CreationTimestamp is a timestamp representing the server time when this object was created.")
            .Field(9, "deletionTimestamp", Time, WhenSet, "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted.")
            .Field(10, "deletionGracePeriodSeconds", Long, WhenSet, "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system.")
            .Field(11, "labels", MapOf(Str), OmitEmpty, "Map of string keys and values that can be used to organize and categorize (scope and select) objects.")
            .Field(12, "annotations", MapOf(Str), OmitEmpty, "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.")
            .Field(13, "ownerReferences", ListOf(Ref(Meta + "OwnerReference")), OmitEmpty, "List of objects depended by this object.")
            .Field(14, "finalizers", ListOf(Str), OmitEmpty, "Must be empty before the object is deleted from the registry.")
            .Field(17, "managedFields", ListOf(Ref(Meta + "ManagedFieldsEntry")), OmitEmpty, "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.");

        s.Message(Meta + "ListMeta", "ListMeta describes metadata that synthetic resources must have, including lists and various status objects.")
            .Field(1, "selfLink", Str, OmitEmpty, "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.")
            .Field(2, "resourceVersion", Str, OmitEmpty, "String that identifies the server's internal version of this object that can be used by clients to determine when objects have changed.")
            .Field(3, "continue", Str, OmitEmpty, "continue may be set if the user set a limit on the number of items returned, and indicates that the server has more data available.")
            .Field(4, "remainingItemCount", Long, WhenSet, "remainingItemCount is the number of subsequent items in the list which are not included in this list response.");

        s.Message(Meta + "LabelSelector", "A label selector is a label query over a set of resources.")
            .Field(1, "matchLabels", MapOf(Str), OmitEmpty, "matchLabels is a map of {key,value} pairs.")
            .Field(2, "matchExpressions", ListOf(Ref(Meta + "LabelSelectorRequirement")), OmitEmpty, "matchExpressions is a list of label selector requirements.");

        s.Message(Meta + "OwnerReference", "OwnerReference contains enough information to let you identify an owning object.")
            .Field(5, "apiVersion", Str, Always, "API version of the referent.", required: true)
            .Field(1, "kind", Str, Always, "Kind of the referent.", required: true)
            .Field(3, "name", Str, Always, "Name of the referent.", required: true)
            .Field(4, "uid", Str, Always, "UID of the referent.", required: true)
            .Field(6, "controller", Bool, WhenSet, "If true, this reference points to the managing controller.")
            .Field(7, "blockOwnerDeletion", Bool, WhenSet, "If true, AND if the owner has the \"foregroundDeletion\" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed.");

        s.Message(Meta + "ManagedFieldsEntry", "ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.")
            .Field(1, "manager", Str, OmitEmpty, "Manager is an identifier of the workflow managing these fields.")
            .Field(2, "operation", Str, OmitEmpty, "Operation is the type of operation which lead to this ManagedFieldsEntry being created.")
            .Field(3, "apiVersion", Str, OmitEmpty, "APIVersion defines the version of this resource that this field set applies to.")
            .Field(4, "time", Time, WhenSet, "Time is the timestamp of when the ManagedFields entry was added.")
            .Field(6, "fieldsType", Str, OmitEmpty, "FieldsType is the discriminator for the different fields format and version.")
            .Field(7, "fieldsV1", FieldsV1, WhenSet, "FieldsV1 holds the first JSON version format as described in the \"FieldsV1\" type.")
            .Field(8, "subresource", Str, OmitEmpty, "Subresource is the name of the subresource used to update that object, or empty string if the object was updated through the main resource.");

        s.Object(Meta + "DeleteOptions", "meta.k8s.io/v1", "DeleteOptions may be provided when deleting an API object.")
            .AlsoIn("v1", "apps/v1", "batch/v1", "coordination.k8s.io/v1", "policy/v1", "autoscaling/v1", "authentication.k8s.io/v1", "networking.k8s.io/v1", "scheduling.k8s.io/v1", "rbac.authorization.k8s.io/v1")
            .Field(1, "gracePeriodSeconds", Long, WhenSet, "The duration in seconds before the object should be deleted.")
            .Field(2, "preconditions", Ref(Meta + "Preconditions"), WhenSet, "Must be fulfilled before a deletion is carried out.")
            .Field(3, "orphanDependents", Bool, WhenSet, "Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7.")
            .Field(4, "propagationPolicy", Str, WhenSet, "Whether and how garbage collection will be performed.")
            .Field(5, "dryRun", ListOf(Str), OmitEmpty, "When present, indicates that modifications should not be persisted.")
            .Field(6, "ignoreStoreReadErrorWithClusterBreakingPotential", Bool, WhenSet, "if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error.");

        s.Object(Meta + "Status", "v1", "Status is a return value for calls that don't return other objects.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "status", Str, OmitEmpty, "Status of the operation.")
            .Field(3, "message", Str, OmitEmpty, "A human-readable description of the status of this operation.")
            .Field(4, "reason", Str, OmitEmpty, "A machine-readable description of why this operation is in the \"Failure\" status.")
            .Field(5, "details", Ref(Meta + "StatusDetails"), WhenSet, "Extended data associated with the reason.")
            .Field(6, "code", Int, OmitEmpty, "Suggested HTTP return code for this status, 0 if not set.");

        s.Message(Meta + "StatusDetails", "StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response.")
            .Field(1, "name", Str, OmitEmpty, "The name attribute of the resource associated with the status StatusReason (when there is a single name which can be described).")
            .Field(2, "group", Str, OmitEmpty, "The group attribute of the resource associated with the status StatusReason.")
            .Field(3, "kind", Str, OmitEmpty, "The kind attribute of the resource associated with the status StatusReason.")
            .Field(6, "uid", Str, OmitEmpty, "UID of the resource.")
            .Field(4, "causes", ListOf(Ref(Meta + "StatusCause")), OmitEmpty, "The Causes array includes more details associated with the StatusReason failure.")
            .Field(5, "retryAfterSeconds", Int, OmitEmpty, "If specified, the time in seconds before the operation should be retried.");

        s.Message(Meta + "StatusCause", "StatusCause provides more information about an api.Status failure, including cases when multiple errors are encountered.")
            .Field(1, "reason", Str, OmitEmpty, "A machine-readable description of the cause of the error.")
            .Field(2, "message", Str, OmitEmpty, "A human-readable description of the cause of the error.")
            .Field(3, "field", Str, OmitEmpty, "The field of the resource that has caused this error, as named by its JSON serialization.");

        s.Message(Meta + "Condition", "Condition contains details for one aspect of the current state of this API Resource.")
            .Field(1, "type", Str, Always, "type of condition in CamelCase or in foo.example.com/CamelCase.", required: true)
            .Field(2, "status", Str, Always, "status of the condition, one of True, False, Unknown.", required: true)
            .Field(3, "observedGeneration", Long, OmitEmpty, "observedGeneration represents the .metadata.generation that the condition was set based upon.")
            .Field(4, "lastTransitionTime", Time, Always, "lastTransitionTime is the last time the condition transitioned from one status to another.", required: true)
            .Field(5, "reason", Str, Always, "reason contains a programmatic identifier indicating the reason for the condition's last transition.", required: true)
            .Field(6, "message", Str, Always, "message is a human readable message indicating details about the transition.", required: true);

        s.Message(Meta + "LabelSelectorRequirement", "A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.")
            .Field(1, "key", Str, Always, "key is the label key that the selector applies to.", required: true)
            .Field(2, "operator", Str, Always, "operator represents a key's relationship to a set of values.", required: true)
            .Field(3, "values", ListOf(Str), OmitEmpty, "values is an array of string values.");

        s.Message(Meta + "Preconditions", "Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out.")
            .Field(1, "uid", Str, WhenSet, "Specifies the target UID.")
            .Field(2, "resourceVersion", Str, WhenSet, "Specifies the target ResourceVersion");
    }
}
