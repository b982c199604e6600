using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// v1 Event (core group), validated as Kubernetes validates events written through the v1 API
/// (legacyValidateEvent): the involved object is required and lives in the event's namespace; an
/// event with an eventTime (the events.k8s.io shape) also names its reporting component, instance,
/// action and reason. The source field selector reads the reporting component when no source is set.
/// </summary>
public sealed class EventStrategy : ResourceStrategy
{
    private const int ReportingInstanceLengthLimit = 128;
    private const int ActionLengthLimit = 128;
    private const int ReasonLengthLimit = 128;
    private const int NoteLengthLimit = 1024;

    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        var involvedPath = FieldPath.Root("involvedObject");
        var involved = JsonFields.ReadObject(obj, "involvedObject", involvedPath, errors);
        if (involved is null && obj["involvedObject"] is null)
        {
            errors.Add(FieldError.Required(involvedPath));
        }

        var involvedNamespace = JsonFields.ReadString(involved, "namespace", involvedPath.Child("namespace"), errors);
        var ns = KubeObject.Namespace(obj) ?? "";
        var reportingComponent = JsonFields.ReadString(obj, "reportingComponent", FieldPath.Root("reportingComponent"), errors);
        var reportingInstance = JsonFields.ReadString(obj, "reportingInstance", FieldPath.Root("reportingInstance"), errors);
        var action = JsonFields.ReadString(obj, "action", FieldPath.Root("action"), errors);
        var reason = JsonFields.ReadString(obj, "reason", FieldPath.Root("reason"), errors);
        var message = JsonFields.ReadString(obj, "message", FieldPath.Root("message"), errors);
        var eventTime = JsonFields.ReadString(obj, "eventTime", FieldPath.Root("eventTime"), errors);
        JsonFields.ReadInteger(obj, "count", FieldPath.Root("count"), errors);

        if (eventTime.Length == 0)
        {
            // A legacy event: a cluster-scoped object's events go to "default" (or nowhere).
            var matches = involvedNamespace.Length == 0 ? ns is "" or "default" : ns == involvedNamespace;
            if (!matches)
            {
                errors.Add(FieldError.Invalid(involvedPath.Child("namespace"), involvedNamespace, "does not match event.namespace"));
            }

            return errors;
        }

        if (involvedNamespace.Length == 0 && ns is not ("default" or "kube-system"))
        {
            errors.Add(FieldError.Invalid(involvedPath.Child("namespace"), involvedNamespace, "does not match event.namespace"));
        }

        var componentPath = FieldPath.Root("reportingComponent");
        if (reportingComponent.Length == 0)
        {
            errors.Add(FieldError.Required(componentPath));
        }

        foreach (var problem in ValidationRules.IsQualifiedName(reportingComponent))
        {
            errors.Add(FieldError.Invalid(componentPath, reportingComponent, problem));
        }

        RequireShort(reportingInstance, "reportingInstance", ReportingInstanceLengthLimit, errors);
        RequireShort(action, "action", ActionLengthLimit, errors);
        RequireShort(reason, "reason", ReasonLengthLimit, errors);
        if (Encoding.UTF8.GetByteCount(message) > NoteLengthLimit)
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("message"), "", LengthMessage(NoteLengthLimit)));
        }

        return errors;
    }

    public override string GetSelectableField(JsonObject obj, string field)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(field);
        return field == "source"
            ? JsonFields.String(JsonFields.Object(obj, "source"), "component") is { Length: > 0 } component
                ? component
                : JsonFields.String(obj, "reportingComponent") ?? ""
            : base.GetSelectableField(obj, field);
    }

    private static void RequireShort(string value, string field, int limit, FieldErrorList errors)
    {
        var path = FieldPath.Root(field);
        if (value.Length == 0)
        {
            errors.Add(FieldError.Required(path));
        }
        else if (Encoding.UTF8.GetByteCount(value) > limit)
        {
            errors.Add(FieldError.Invalid(path, "", LengthMessage(limit)));
        }
    }

    private static string LengthMessage(int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"can have at most {limit} characters");
}
