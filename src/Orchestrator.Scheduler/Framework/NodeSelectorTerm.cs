using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Orchestrator.Model.Selectors;

namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// One nodeSelectorTerm of a node affinity: its matchExpressions (In, NotIn, Exists, DoesNotExist, Gt,
/// Lt over the node's labels) and matchFields (metadata.name, In or NotIn with one value), all of which
/// must hold. A term with neither matches no node, and a term that does not parse matches no node, as
/// in Kubernetes' nodeaffinity helpers.
/// </summary>
public sealed class NodeSelectorTerm
{
    private readonly LabelMatcher? _expressions;
    private readonly (string Key, bool Equal, string Value)[] _fields;
    private readonly bool _matchesNothing;

    private NodeSelectorTerm(LabelMatcher? expressions, (string Key, bool Equal, string Value)[] fields, bool matchesNothing, string text)
    {
        _expressions = expressions;
        _fields = fields;
        _matchesNothing = matchesNothing;
        Text = text;
    }

    /// <summary>Whether the term is empty or did not parse: it then matches no node.</summary>
    public bool MatchesNothing => _matchesNothing;

    /// <summary>A readable form, for explanations.</summary>
    public string Text { get; }

    public static NodeSelectorTerm FromJson(JsonObject term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var expressions = Json.Objects(term, "matchExpressions").ToList();
        var fieldExpressions = Json.Objects(term, "matchFields").ToList();
        if (expressions.Count == 0 && fieldExpressions.Count == 0)
        {
            return new NodeSelectorTerm(null, [], true, "<empty>");
        }

        try
        {
            var requirements = new List<LabelRequirement>(expressions.Count);
            foreach (var expression in expressions)
            {
                var op = Json.String(expression, "operator") switch
                {
                    "In" => SelectorOperator.In,
                    "NotIn" => SelectorOperator.NotIn,
                    "Exists" => SelectorOperator.Exists,
                    "DoesNotExist" => SelectorOperator.DoesNotExist,
                    "Gt" => SelectorOperator.GreaterThan,
                    "Lt" => SelectorOperator.LessThan,
                    var other => throw new FormatException($"{other} is not a valid node selector operator"),
                };
                requirements.Add(LabelRequirement.Create(Json.String(expression, "key") ?? string.Empty, op, Json.Strings(expression, "values")));
            }

            var fields = new (string Key, bool Equal, string Value)[fieldExpressions.Count];
            for (var i = 0; i < fields.Length; i++)
            {
                var values = Json.Strings(fieldExpressions[i], "values");
                var op = Json.String(fieldExpressions[i], "operator");
                if (values.Length != 1 || op is not ("In" or "NotIn"))
                {
                    throw new FormatException("a node field selector takes In or NotIn with exactly one value");
                }

                fields[i] = (Json.String(fieldExpressions[i], "key") ?? string.Empty, op == "In", values[0]);
            }

            var labels = requirements.Count == 0 ? null : LabelMatcher.FromRequirements(requirements);
            var text = string.Join(",", (labels is null ? [] : new[] { labels.ToString() })
                .Concat(fields.Select(f => f.Key + (f.Equal ? "=" : "!=") + f.Value)));
            return new NodeSelectorTerm(labels, fields, false, text);
        }
        catch (FormatException error)
        {
            return new NodeSelectorTerm(null, [], true, "<invalid: " + error.Message + ">");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Matches(string nodeName, Dictionary<string, string> nodeLabels)
    {
        ArgumentNullException.ThrowIfNull(nodeName);
        ArgumentNullException.ThrowIfNull(nodeLabels);
        if (_matchesNothing)
        {
            return false;
        }

        foreach (var (key, equal, value) in _fields)
        {
            // The only field a node offers is metadata.name; any other reads as empty.
            var actual = key == "metadata.name" ? nodeName : string.Empty;
            if (string.Equals(actual, value, StringComparison.Ordinal) != equal)
            {
                return false;
            }
        }

        return _expressions is null || _expressions.Matches(nodeLabels);
    }

    public override string ToString() => Text;
}
