using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// apps/v1 ControllerRevision (Kubernetes' pkg/apis/apps/validation): a snapshot of a DaemonSet's (or StatefulSet's)
/// template in <c>data</c> with a non-negative <c>revision</c>; the data may not change once created, the revision
/// may (a rollback to it makes it the newest).
/// </summary>
public sealed class ControllerRevisionStrategy : ResourceStrategy
{
    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        var revision = JsonFields.ReadInteger(obj, "revision", FieldPath.Root("revision"), errors);
        if (revision < 0)
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("revision"), revision, "must be greater than or equal to 0"));
        }

        if (obj["data"] is not (null or JsonObject))
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("data"), obj["data"]!.ToJsonString(), "must be an object"));
        }

        return errors;
    }

    public override FieldErrorList ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ValidateCreate(obj);
        if (!JsonNode.DeepEquals(obj["data"], old["data"]))
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("data"), "", "field is immutable"));
        }

        return errors;
    }
}
