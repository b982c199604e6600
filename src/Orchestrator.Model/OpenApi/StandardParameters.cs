namespace Orchestrator.Model.OpenApi;

/// <summary>The query and path parameters of Kubernetes' operations, with its descriptions.</summary>
internal static class StandardParameters
{
    public static ApiParameter Pretty { get; } = Query("pretty", "string", "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).");

    public static ApiParameter Namespace { get; } = new("namespace", "path", "string", "object name and auth scope, such as for teams and projects");

    public static ApiParameter DryRun { get; } = Query("dryRun", "string", "When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed");

    public static ApiParameter FieldManager { get; } = Query("fieldManager", "string", "fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.");

    public static ApiParameter FieldValidation { get; } = Query("fieldValidation", "string", "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object. The request will still succeed if there are no other errors. - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object. The error returned from the server will contain all unknown fields encountered.");

    public static ApiParameter Force { get; } = Query("force", "boolean", "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.");

    public static ApiParameter GracePeriodSeconds { get; } = Query("gracePeriodSeconds", "integer", "The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used. Defaults to a per object value if not specified. zero means delete immediately.");

    public static ApiParameter OrphanDependents { get; } = Query("orphanDependents", "boolean", "Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned. If true/false, the \"orphan\" finalizer will be added to/removed from the object's finalizers list. Either this field or PropagationPolicy may be set, but not both.");

    public static ApiParameter PropagationPolicy { get; } = Query("propagationPolicy", "string", "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. The default policy is decided by the existing finalizer set in the metadata.finalizers and the resource-specific default policy. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy that deletes all dependents in the foreground.");

    public static ApiParameter AllowWatchBookmarks { get; } = Query("allowWatchBookmarks", "boolean", "allowWatchBookmarks requests watch events with type \"BOOKMARK\". Servers that do not implement bookmarks may ignore this flag and bookmarks are sent at the server's discretion. Clients should not assume bookmarks are returned at any specific interval, nor may they assume the server will send any BOOKMARK event during a session.");

    public static ApiParameter Continue { get; } = Query("continue", "string", "The continue option should be set when retrieving more results from the server. Since this value is server defined, clients may only use the continue value from a previous query result with identical query parameters (except for the value of continue) and the server may reject a continue value it does not recognize.");

    public static ApiParameter FieldSelector { get; } = Query("fieldSelector", "string", "A selector to restrict the list of returned objects by their fields. Defaults to everything.");

    public static ApiParameter LabelSelector { get; } = Query("labelSelector", "string", "A selector to restrict the list of returned objects by their labels. Defaults to everything.");

    public static ApiParameter Limit { get; } = Query("limit", "integer", "limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results.");

    public static ApiParameter ResourceVersion { get; } = Query("resourceVersion", "string", "resourceVersion sets a constraint on what resource versions a request may be served from. See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details. Defaults to unset");

    public static ApiParameter ResourceVersionMatch { get; } = Query("resourceVersionMatch", "string", "resourceVersionMatch determines how resourceVersion is applied to list calls. It is highly recommended that resourceVersionMatch be set for list calls where resourceVersion is set See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details. Defaults to unset");

    public static ApiParameter TimeoutSeconds { get; } = Query("timeoutSeconds", "integer", "Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.");

    public static ApiParameter Watch { get; } = Query("watch", "boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.");

    /// <summary>The parameters of a list (which is also the watch, with watch=true).</summary>
    public static IReadOnlyList<ApiParameter> List { get; } =
        [AllowWatchBookmarks, Continue, FieldSelector, LabelSelector, Limit, ResourceVersion, ResourceVersionMatch, TimeoutSeconds, Watch];

    public static IReadOnlyList<ApiParameter> Delete { get; } = [DryRun, GracePeriodSeconds, OrphanDependents, PropagationPolicy];

    public static IReadOnlyList<ApiParameter> DeleteCollection { get; } =
        [Continue, DryRun, FieldSelector, GracePeriodSeconds, LabelSelector, Limit, OrphanDependents, PropagationPolicy, ResourceVersion, ResourceVersionMatch, TimeoutSeconds];

    /// <summary>The name in the path of one object (or of the object a subresource belongs to).</summary>
    public static ApiParameter Name(string kind) => new("name", "path", "string", $"name of the {kind}");

    /// <summary>The parameters of a create, replace or subresource create.</summary>
    public static IReadOnlyList<ApiParameter> Write(bool fieldValidation) =>
        fieldValidation ? [DryRun, FieldManager, FieldValidation] : [DryRun, FieldManager];

    public static IReadOnlyList<ApiParameter> Patch(bool fieldValidation) =>
        fieldValidation ? [DryRun, FieldManager, FieldValidation, Force] : [DryRun, FieldManager, Force];

    private static ApiParameter Query(string name, string type, string description) => new(name, "query", type, description);
}
