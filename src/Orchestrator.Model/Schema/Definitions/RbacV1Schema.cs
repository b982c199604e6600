using static Orchestrator.Model.Schema.Definitions.TypePrefix;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;

namespace Orchestrator.Model.Schema.Definitions;

/// <summary>rbac.authorization.k8s.io/v1: roles, cluster roles and their bindings.</summary>
internal static class RbacV1Schema
{
    public static void Define(SchemaBuilder s)
    {
        s.Object(Rbac + "Role", "rbac.authorization.k8s.io/v1", "Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "rules", ListOf(Ref(Rbac + "PolicyRule")), Always, "Rules holds all the PolicyRules for this Role");

        s.Object(Rbac + "ClusterRole", "rbac.authorization.k8s.io/v1", "ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "rules", ListOf(Ref(Rbac + "PolicyRule")), Always, "Rules holds all the PolicyRules for this ClusterRole")
            .Field(3, "aggregationRule", Ref(Rbac + "AggregationRule"), WhenSet, "AggregationRule is an optional field that describes how to build the Rules for this ClusterRole.");

        s.Object(Rbac + "RoleBinding", "rbac.authorization.k8s.io/v1", "RoleBinding references a role, but does not contain it.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "subjects", ListOf(Ref(Rbac + "Subject")), OmitEmpty, "Subjects holds references to the objects the role applies to.")
            .Field(3, "roleRef", Ref(Rbac + "RoleRef"), Always, "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.", required: true);

        s.Object(Rbac + "ClusterRoleBinding", "rbac.authorization.k8s.io/v1", "ClusterRoleBinding references a ClusterRole, but not contain it.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "subjects", ListOf(Ref(Rbac + "Subject")), OmitEmpty, "Subjects holds references to the objects the role applies to.")
            .Field(3, "roleRef", Ref(Rbac + "RoleRef"), Always, "RoleRef can only reference a ClusterRole in the global namespace.", required: true);

        s.Object(Rbac + "RoleList", "rbac.authorization.k8s.io/v1", "RoleList is a collection of Roles")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard object's metadata.")
            .Field(2, "items", ListOf(Ref(Rbac + "Role")), Always, "Items is a list of Roles", required: true);

        s.Object(Rbac + "ClusterRoleList", "rbac.authorization.k8s.io/v1", "ClusterRoleList is a collection of ClusterRoles")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard object's metadata.")
            .Field(2, "items", ListOf(Ref(Rbac + "ClusterRole")), Always, "Items is a list of ClusterRoles", required: true);

        s.Object(Rbac + "RoleBindingList", "rbac.authorization.k8s.io/v1", "RoleBindingList is a collection of RoleBindings")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard object's metadata.")
            .Field(2, "items", ListOf(Ref(Rbac + "RoleBinding")), Always, "Items is a list of RoleBindings", required: true);

        s.Object(Rbac + "ClusterRoleBindingList", "rbac.authorization.k8s.io/v1", "ClusterRoleBindingList is a collection of ClusterRoleBindings")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard object's metadata.")
            .Field(2, "items", ListOf(Ref(Rbac + "ClusterRoleBinding")), Always, "Items is a list of ClusterRoleBindings", required: true);

        s.Message(Rbac + "PolicyRule", "PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.")
            .Field(1, "verbs", ListOf(Str), Always, "Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule.", required: true)
            .Field(2, "apiGroups", ListOf(Str), OmitEmpty, "APIGroups is the name of the APIGroup that contains the resources.")
            .Field(3, "resources", ListOf(Str), OmitEmpty, "Resources is a list of resources this rule applies to.")
            .Field(4, "resourceNames", ListOf(Str), OmitEmpty, "ResourceNames is an optional white list of names that the rule applies to.")
            .Field(5, "nonResourceURLs", ListOf(Str), OmitEmpty, "NonResourceURLs is a set of partial urls that a user should have access to.");

        s.Message(Rbac + "AggregationRule", "AggregationRule describes how to locate ClusterRoles to aggregate into the ClusterRole")
            .Field(1, "clusterRoleSelectors", ListOf(Ref(Meta + "LabelSelector")), OmitEmpty, "ClusterRoleSelectors holds a list of selectors which will be used to find ClusterRoles and create the rules.");

        s.Message(Rbac + "Subject", "Subject contains a reference to the object or user identities a role binding applies to.")
            .Field(1, "kind", Str, Always, "Kind of object being referenced.", required: true)
            .Field(2, "apiGroup", Str, OmitEmpty, "APIGroup holds the API group of the referenced subject.")
            .Field(3, "name", Str, Always, "Name of the object being referenced.", required: true)
            .Field(4, "namespace", Str, OmitEmpty, "Namespace of the referenced object.");

        s.Message(Rbac + "RoleRef", "RoleRef contains information that points to the role being used")
            .Field(1, "apiGroup", Str, Always, "APIGroup is the group for the resource being referenced", required: true)
            .Field(2, "kind", Str, Always, "Kind is the type of resource being referenced", required: true)
            .Field(3, "name", Str, Always, "Name is the name of resource being referenced", required: true);
    }
}
