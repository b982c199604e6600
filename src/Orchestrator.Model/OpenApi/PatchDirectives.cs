using Orchestrator.Model.Patching;
using Orchestrator.Model.Schema;
using Orchestrator.Model.Schema.Validation;

namespace Orchestrator.Model.OpenApi;

/// <summary>
/// The <c>x-kubernetes-patch-strategy</c> and <c>x-kubernetes-patch-merge-key</c> of each field, read off
/// <see cref="StrategicMergeSchema"/>. The table names lists by their path in each kind; OpenAPI puts the
/// directives on the field of the type that declares the list, so each rule's path is walked through the
/// kind's messages to that field. kubectl apply computes its strategic merge patches from these.
/// </summary>
internal sealed class PatchDirectives
{
    private readonly Dictionary<(string Message, string Field), string> _mergeKeys = [];

    public PatchDirectives(SchemaSet schemas)
    {
        foreach (var (_, kind, message) in schemas.Kinds)
        {
            foreach (var rule in StrategicMergeSchema.RulesFor(kind))
            {
                Add(message, rule);
            }
        }
    }

    /// <summary>Whether the field's list merges; <paramref name="mergeKey"/> is empty for a list of primitives merged as a set.</summary>
    public bool TryGetMergeKey(MessageSchema declaring, FieldSchema field, out string mergeKey)
    {
        ArgumentNullException.ThrowIfNull(declaring);
        ArgumentNullException.ThrowIfNull(field);
        return _mergeKeys.TryGetValue((declaring.FullName, field.JsonName), out mergeKey!);
    }

    // A rule whose path does not lead through the schema (a field this cluster does not model) is skipped.
    private void Add(MessageSchema kind, ListMergeRule rule)
    {
        var message = kind;
        var segments = rule.Path.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            if (VisibleFields.Find(message, segments[i]) is not { } found)
            {
                return;
            }

            if (i == segments.Length - 1)
            {
                if (found.Field.Type.Shape == FieldShape.List)
                {
                    _mergeKeys.TryAdd((found.Declaring.FullName, found.Field.JsonName), rule.MergeKey);
                }

                return;
            }

            if (found.Field.Type.Kind != FieldKind.Message)
            {
                return;
            }

            message = found.Field.Message;
        }
    }
}
