using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// v1 ServiceAccount: Kubernetes validates only its metadata, so this checks that the fields it has
/// (secrets, imagePullSecrets, automountServiceAccountToken) have the shapes a decoder would accept.
/// </summary>
public sealed class ServiceAccountStrategy : ResourceStrategy
{
    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        JsonFields.ReadBool(obj, "automountServiceAccountToken", FieldPath.Root("automountServiceAccountToken"), errors);
        foreach (var list in (string[])["secrets", "imagePullSecrets"])
        {
            var path = FieldPath.Root(list);
            foreach (var (i, reference) in JsonFields.ReadObjects(obj, list, path, errors))
            {
                JsonFields.ReadString(reference, "name", path.Index(i).Child("name"), errors);
            }
        }

        return errors;
    }
}
