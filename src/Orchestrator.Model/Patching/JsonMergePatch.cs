using System.Text.Json.Nodes;

namespace Orchestrator.Model.Patching;

/// <summary>
/// RFC 7386 JSON Merge Patch (<c>application/merge-patch+json</c>): objects merge recursively, null
/// deletes a member, anything else (arrays included) replaces.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>Applies <paramref name="patch"/> to a copy of <paramref name="target"/>; the inputs are not changed.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? targetObject.DeepClone().AsObject() : [];
        MergeInto(result, patchObject);
        return result;
    }

    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (JsonNodes.IsNull(value))
            {
                target.Remove(key);
            }
            else if (value is JsonObject patchChild)
            {
                if (target[key] is not JsonObject targetChild)
                {
                    targetChild = [];
                    target[key] = targetChild;
                }

                MergeInto(targetChild, patchChild);
            }
            else
            {
                target[key] = value!.DeepClone();
            }
        }
    }
}
