using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Client.Events;

/// <summary>A core/v1 ObjectReference: which object an Event is about (its involvedObject).</summary>
public sealed record ObjectReference(string Kind, string? Namespace, string Name)
{
    public string? ApiVersion { get; init; }

    public string? Uid { get; init; }

    public string? ResourceVersion { get; init; }

    /// <summary>A part of the object, such as spec.containers{app}.</summary>
    public string? FieldPath { get; init; }

    /// <summary>The reference to an object as the API returned it (apiVersion, kind and metadata are read).</summary>
    public static ObjectReference From(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var kind = KubeObject.Kind(obj);
        var name = KubeObject.Name(obj);
        if (string.IsNullOrEmpty(kind) || string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("an object referred to needs a kind and a metadata.name", nameof(obj));
        }

        return new ObjectReference(kind, KubeObject.Namespace(obj), name)
        {
            ApiVersion = KubeObject.ApiVersion(obj),
            Uid = KubeObject.Uid(obj),
            ResourceVersion = KubeObject.ResourceVersion(obj),
        };
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["kind"] = Kind };
        Put(json, "namespace", Namespace);
        json["name"] = Name;
        Put(json, "uid", Uid);
        Put(json, "apiVersion", ApiVersion);
        Put(json, "resourceVersion", ResourceVersion);
        Put(json, "fieldPath", FieldPath);
        return json;
    }

    private static void Put(JsonObject json, string field, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json[field] = value;
        }
    }
}
