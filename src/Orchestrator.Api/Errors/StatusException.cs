using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Errors;

/// <summary>
/// A request the API refuses, as Kubernetes words it: HTTP code, reason and message, and details
/// (name, group, kind, field causes). Rendered as a <c>metav1.Status</c>; never a crash.
/// </summary>
public sealed class StatusException : Exception
{
    public StatusException(int code, string reason, string message, JsonObject? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public StatusException()
        : this(500, "InternalError", "internal error")
    {
    }

    public StatusException(string message)
        : this(500, "InternalError", message)
    {
    }

    public StatusException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public int Code { get; }

    public string Reason { get; }

    public JsonObject? Details { get; }

    public static StatusException BadRequest(string message) => new(400, "BadRequest", message);

    public static StatusException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static StatusException Forbidden(ResourceType type, string name, string message) =>
        new(403, "Forbidden", $"{type.QualifiedResource} \"{name}\" is forbidden: {message}", Describe(type, name));

    public static StatusException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedResource} \"{name}\" not found", Describe(type, name));

    public static StatusException NotFound(string message) => new(404, "NotFound", message);

    public static StatusException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static StatusException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedResource} \"{name}\" already exists", Describe(type, name));

    public static StatusException Conflict(ResourceType type, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": {why}", Describe(type, name));

    public static StatusException Gone(string message) => new(410, "Expired", message);

    public static StatusException TooLarge(string message) => new(413, "RequestEntityTooLarge", message);

    public static StatusException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got \"{contentType}\")");

    public static StatusException Invalid(ResourceType type, string name, FieldErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(errors);
        var details = Describe(type, name);
        var causes = new JsonArray();
        foreach (var error in errors)
        {
            causes.Add(new JsonObject { ["reason"] = error.CauseType, ["message"] = error.ErrorBody, ["field"] = error.Field });
        }

        details["causes"] = causes;
        return new StatusException(422, "Invalid", errors.ToInvalidMessage(type.QualifiedKind, name), details);
    }

    public static StatusException TooManyRequests() => new(429, "TooManyRequests", "Too many requests, please try again later.");

    public static StatusException Timeout(string message) => new(504, "Timeout", message);

    public static StatusException Internal(string message) => new(500, "InternalError", $"Internal error occurred: {message}");

    /// <summary>The metav1.Status object.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is not null)
        {
            status["details"] = Details.DeepClone();
        }

        status["code"] = Code;
        return status;
    }

    private static JsonObject Describe(ResourceType type, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        details["kind"] = type.Plural;
        return details;
    }
}
