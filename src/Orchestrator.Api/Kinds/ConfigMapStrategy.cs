using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// v1 ConfigMap: valid keys, none in both data and binaryData, at most 1 MiB in all, and once
/// <c>immutable: true</c> neither the data nor that flag may change (Kubernetes' ValidateConfigMap and
/// ValidateConfigMapUpdate).
/// </summary>
public sealed class ConfigMapStrategy : ResourceStrategy
{
    private const string ImmutableMessage = "field is immutable when `immutable` is set";

    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        var dataPath = FieldPath.Root("data");
        var binaryPath = FieldPath.Root("binaryData");
        var data = JsonFields.ReadStringMap(obj, "data", dataPath, errors);
        var binary = JsonFields.ReadStringMap(obj, "binaryData", binaryPath, errors);
        var binaryKeys = binary.Select(entry => entry.Key).ToHashSet(StringComparer.Ordinal);
        JsonFields.ReadBool(obj, "immutable", FieldPath.Root("immutable"), errors);

        long size = 0;
        foreach (var (key, value) in data)
        {
            DataMaps.ValidateKey(key, dataPath.Key(key), errors);
            if (binaryKeys.Contains(key))
            {
                errors.Add(FieldError.Invalid(dataPath.Key(key), key, "duplicate of key present in binaryData"));
            }

            size += Encoding.UTF8.GetByteCount(value);
        }

        foreach (var (key, value) in binary)
        {
            DataMaps.ValidateKey(key, binaryPath.Key(key), errors);
            if (DataMaps.TryDecodeBase64(value, out var bytes))
            {
                size += bytes.Length;
            }
            else
            {
                errors.Add(FieldError.Invalid(binaryPath.Key(key), value, "must be a base64-encoded string"));
            }
        }

        if (size > DataMaps.MaxSize)
        {
            // Kubernetes reports the limit against the whole object: an empty field path.
            errors.Add(DataMaps.TooLong(""));
        }

        return errors;
    }

    public override FieldErrorList ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = new FieldErrorList();
        if (JsonFields.Bool(old, "immutable") == true)
        {
            if (JsonFields.Bool(obj, "immutable") != true)
            {
                errors.Add(FieldError.Forbidden(FieldPath.Root("immutable"), ImmutableMessage));
            }

            foreach (var field in (string[])["data", "binaryData"])
            {
                if (!JsonSemantics.AreEqual(obj[field], old[field]))
                {
                    errors.Add(FieldError.Forbidden(FieldPath.Root(field), ImmutableMessage));
                }
            }
        }

        errors.AddRange(ValidateCreate(obj));
        return errors;
    }
}
