using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// v1 Secret: type defaults to Opaque and may not change; the write-only <c>stringData</c> is merged
/// into <c>data</c> (base64-encoded, overriding the same keys) and dropped, as the v1 API does; data
/// values must be base64, keys valid, everything at most 1 MiB; the well-known types require their
/// keys; and once <c>immutable: true</c> the data may not change.
/// </summary>
public sealed class SecretStrategy : ResourceStrategy
{
    public const string Opaque = "Opaque";
    public const string ServiceAccountTokenType = "kubernetes.io/service-account-token";
    public const string DockercfgType = "kubernetes.io/dockercfg";
    public const string DockerConfigJsonType = "kubernetes.io/dockerconfigjson";
    public const string BasicAuthType = "kubernetes.io/basic-auth";
    public const string SshAuthType = "kubernetes.io/ssh-auth";
    public const string TlsType = "kubernetes.io/tls";
    public const string ServiceAccountNameAnnotation = "kubernetes.io/service-account.name";

    private const string Redacted = "<secret contents redacted>";
    private const string ImmutableMessage = "field is immutable when `immutable` is set";

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        JsonFields.SetDefaultString(obj, "type", Opaque);
        MergeStringData(obj);
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        MergeStringData(obj);
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        MergeStringData(obj);
    }

    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        var dataPath = FieldPath.Root("data");
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long size = 0;
        foreach (var (key, value) in JsonFields.ReadStringMap(obj, "data", dataPath, errors))
        {
            DataMaps.ValidateKey(key, dataPath.Key(key), errors);
            if (DataMaps.TryDecodeBase64(value, out var bytes))
            {
                data[key] = bytes;
                size += bytes.Length;
            }
            else
            {
                errors.Add(FieldError.Invalid(dataPath.Key(key), Redacted, "must be a base64-encoded string"));
            }
        }

        // Left only when it could not be merged (a value that is not a string).
        foreach (var (key, _) in JsonFields.ReadStringMap(obj, "stringData", FieldPath.Root("stringData"), errors))
        {
            DataMaps.ValidateKey(key, FieldPath.Root("stringData").Key(key), errors);
        }

        if (size > DataMaps.MaxSize)
        {
            errors.Add(DataMaps.TooLong("data"));
        }

        JsonFields.ReadBool(obj, "immutable", FieldPath.Root("immutable"), errors);
        var type = JsonFields.ReadString(obj, "type", FieldPath.Root("type"), errors);
        ValidateType(obj, type, data, dataPath, errors);
        return errors;
    }

    public override FieldErrorList ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = new FieldErrorList();
        var type = JsonFields.String(obj, "type") ?? "";
        if (type != (JsonFields.String(old, "type") ?? ""))
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("type"), type, "field is immutable"));
        }

        if (JsonFields.Bool(old, "immutable") == true)
        {
            if (JsonFields.Bool(obj, "immutable") != true)
            {
                errors.Add(FieldError.Forbidden(FieldPath.Root("immutable"), ImmutableMessage));
            }

            if (!JsonSemantics.AreEqual(obj["data"], old["data"]))
            {
                errors.Add(FieldError.Forbidden(FieldPath.Root("data"), ImmutableMessage));
            }
        }

        errors.AddRange(ValidateCreate(obj));
        return errors;
    }

    /// <summary>Moves stringData into data; a value that is not a string stays behind for validation to report.</summary>
    private static void MergeStringData(JsonObject obj)
    {
        if (obj["stringData"] is not JsonObject stringData)
        {
            return;
        }

        if (obj["data"] is null)
        {
            obj["data"] = new JsonObject();
        }

        if (obj["data"] is not JsonObject data)
        {
            return;
        }

        foreach (var (key, node) in stringData.ToList())
        {
            if (JsonFields.TryString(node, out var text))
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
                stringData.Remove(key);
            }
        }

        if (stringData.Count == 0)
        {
            obj.Remove("stringData");
        }
    }

    // The keys the well-known secret types must carry.
    private static void ValidateType(JsonObject obj, string type, Dictionary<string, byte[]> data, FieldPath dataPath, FieldErrorList errors)
    {
        switch (type)
        {
            case ServiceAccountTokenType:
                if (string.IsNullOrEmpty(KubeObject.Annotations(obj).GetValueOrDefault(ServiceAccountNameAnnotation)))
                {
                    errors.Add(FieldError.Required(FieldPath.Root("metadata", "annotations").Key(ServiceAccountNameAnnotation)));
                }

                break;
            case DockercfgType:
                RequireJson(data, ".dockercfg", dataPath, errors);
                break;
            case DockerConfigJsonType:
                RequireJson(data, ".dockerconfigjson", dataPath, errors);
                break;
            case BasicAuthType:
                if (!data.ContainsKey("username") && !data.ContainsKey("password"))
                {
                    errors.Add(FieldError.Required(dataPath.Key("username")));
                    errors.Add(FieldError.Required(dataPath.Key("password")));
                }

                break;
            case SshAuthType:
                if (data.GetValueOrDefault("ssh-privatekey") is not { Length: > 0 })
                {
                    errors.Add(FieldError.Required(dataPath.Key("ssh-privatekey")));
                }

                break;
            case TlsType:
                foreach (var key in (string[])["tls.crt", "tls.key"])
                {
                    if (!data.ContainsKey(key))
                    {
                        errors.Add(FieldError.Required(dataPath.Key(key)));
                    }
                }

                break;
        }
    }

    private static void RequireJson(Dictionary<string, byte[]> data, string key, FieldPath dataPath, FieldErrorList errors)
    {
        if (!data.TryGetValue(key, out var bytes))
        {
            errors.Add(FieldError.Required(dataPath.Key(key)));
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(FieldError.Invalid(dataPath.Key(key), Redacted, "must be a JSON object"));
            }
        }
        catch (JsonException e)
        {
            errors.Add(FieldError.Invalid(dataPath.Key(key), Redacted, e.Message));
        }
    }
}
