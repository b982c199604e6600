using System.Text;
using Orchestrator.Client;

namespace Orchestrator.Client.Informers;

/// <summary>
/// What one shared informer lists and watches: a resource type, optionally one namespace and label or field
/// selectors (client-go's filtered informers). Controllers asking for the same key share one informer.
/// </summary>
public sealed record InformerKey(ResourceRef Resource, string? Namespace = null, string? LabelSelector = null, string? FieldSelector = null)
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

        return text.ToString();
    }
}
