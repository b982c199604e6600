using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Client;

namespace Orchestrator.Client.Informers;

/// <summary>
/// What one shared informer lists and watches: a resource type, optionally one namespace and label or field
/// selectors (client-go's filtered informers), and optionally a transform (client-go's SetTransform) applied to
/// every object before it is cached and told, so that a consumer that needs a few fields of many objects (the
/// scheduler's pods) does not keep whole objects. Controllers asking for the same key share one informer; a
/// transform is part of the key (delegates of the same static method are equal).
/// </summary>
public sealed record InformerKey(
    ResourceRef Resource,
    string? Namespace = null,
    string? LabelSelector = null,
    string? FieldSelector = null,
    Func<JsonObject, JsonObject>? Transform = null)
{
    public override string ToString()
    {
        var text = new StringBuilder(Resource.ToString());
        if (!string.IsNullOrEmpty(Namespace))
        {
            text.Append(" in ").Append(Namespace);
        }

        if (!string.IsNullOrEmpty(LabelSelector))
        {
            text.Append(" labelSelector=").Append(LabelSelector);
        }

        if (!string.IsNullOrEmpty(FieldSelector))
        {
            text.Append(" fieldSelector=").Append(FieldSelector);
        }

        if (Transform is not null)
        {
            text.Append(" transformed");
        }

        return text.ToString();
    }
}
