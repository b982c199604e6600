using System.Runtime.CompilerServices;

namespace Orchestrator.Hocon.Parsing;

/// <summary>
/// Resolves substitutions, as the last parsing step, following the spec's self-referential rules:
/// <list type="bullet">
/// <item>lookups are lazy and step through object literals field by field, so <c>bar { foo = 42, baz = ${bar.foo} }</c> works;</item>
/// <item>while a substitution or concatenation defining field F is resolved, lookups that pass through F
/// see only F's earlier definitions ("look backward"), so <c>path = ${path} [x]</c> works;</item>
/// <item>each definition is resolved once and memoized; re-entering one being resolved is a cycle.</item>
/// </list>
/// </summary>
internal sealed class Resolver
{
    // Bounds the recursion of substitution chains so hostile input fails cleanly instead of overflowing the stack.
    private const int MaxChainLength = 200;

    private readonly ObjectNode _root;
    private readonly HoconObject? _fallback;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<Node, HoconValue?> _resolved = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Node> _inProgress = new(ReferenceEqualityComparer.Instance);

    // How many definitions of a field lookups may see while a later one is being resolved.
    private readonly Dictionary<FieldDefinitions, int> _visibleDefinitions = new(ReferenceEqualityComparer.Instance);
    private readonly List<SubstitutionNode> _lookups = [];
    private bool _lookedBackward;

    public Resolver(ObjectNode root, HoconObject? fallback, Func<string, string?> environment)
    {
        _root = root;
        _fallback = fallback;
        _environment = environment;
    }

    public HoconObject Resolve() => (HoconObject)Merge(RootLayers())!;

    private IEnumerable<Layer> RootLayers()
    {
        yield return Layer.Of(_root);
        if (_fallback is not null)
        {
            yield return Layer.Of(_fallback);
        }
    }

    private HoconValue? Lookup(IReadOnlyList<string> path)
    {
        var layers = RootLayers();
        foreach (var key in path)
        {
            layers = Descend(layers, key, onLookupPath: true);
        }

        return Merge(layers);
    }

    /// <summary>
    /// The layers of field <paramref name="key"/> within <paramref name="layers"/>: objects merge, and the
    /// first non-object (in the parent or the child) hides everything below it.
    /// </summary>
    private IEnumerable<Layer> Descend(IEnumerable<Layer> layers, string key, bool onLookupPath)
    {
        foreach (var layer in layers)
        {
            if (!layer.IsObject)
            {
                yield break;
            }

            if (layer.Literal is { } literal)
            {
                if (literal.Get(key) is not { } definitions)
                {
                    continue;
                }

                foreach (var child in Expand(definitions, onLookupPath))
                {
                    yield return child;
                    if (!child.IsObject || child.HidesBelow)
                    {
                        yield break;
                    }
                }
            }
            else if (((HoconObject)layer.Value!).TryGetValue(key, out var value))
            {
                yield return Layer.Of(value);
                if (value is not HoconObject { IgnoresFallbacks: false })
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>A field's definitions as layers, newest first, resolving only as far as needed.</summary>
    private IEnumerable<Layer> Expand(FieldDefinitions definitions, bool onLookupPath)
    {
        var items = definitions.Items;
        var end = items.Count;
        if (onLookupPath && _visibleDefinitions.TryGetValue(definitions, out var visible) && visible < end)
        {
            end = visible;
            _lookedBackward = true;
        }

        for (var i = end - 1; i >= 0; i--)
        {
            var node = items[i];
            if (node is ObjectNode literal)
            {
                yield return Layer.Of(literal);
                if (literal.HidesBelow)
                {
                    yield break;
                }

                continue;
            }

            var value = node is ValueNode scalar ? scalar.Value : ResolveDefinition(definitions, i);
            if (value is null)
            {
                // An optional substitution that found nothing: the earlier definition remains.
                continue;
            }

            yield return Layer.Of(value);
            if (value is not HoconObject { IgnoresFallbacks: false })
            {
                yield break;
            }
        }
    }

    private HoconValue? ResolveDefinition(FieldDefinitions definitions, int index)
    {
        var node = definitions.Items[index];
        if (_resolved.TryGetValue(node, out var known))
        {
            return known;
        }

        if (!_inProgress.Add(node))
        {
            throw Cycle(node);
        }

        // Only a substitution or concatenation may be self-referential; `a = [${a}]` or `a { b = ${a} }`
        // are cycles, as the spec says.
        var selfReferential = node is SubstitutionNode or ConcatNode;
        var hadLimit = _visibleDefinitions.TryGetValue(definitions, out var previousLimit);
        if (selfReferential)
        {
            _visibleDefinitions[definitions] = hadLimit ? Math.Min(previousLimit, index) : index;
        }

        try
        {
            var value = Evaluate(node);
            _resolved[node] = value;
            return value;
        }
        finally
        {
            _inProgress.Remove(node);
            if (selfReferential)
            {
                if (hadLimit)
                {
                    _visibleDefinitions[definitions] = previousLimit;
                }
                else
                {
                    _visibleDefinitions.Remove(definitions);
                }
            }
        }
    }

    /// <summary>Resolves a node; null means "undefined" (an optional substitution that found nothing).</summary>
    private HoconValue? Evaluate(Node node) => node switch
    {
        ValueNode scalar => scalar.Value,
        ObjectNode literal => Merge([Layer.Of(literal)]),
        ArrayNode array => new HoconArray(array.Elements.Select(Evaluate).OfType<HoconValue>(), array.Position),
        SubstitutionNode substitution => Substitute(substitution),
        ConcatNode concat => Concatenate(concat),
        _ => throw new InvalidOperationException($"unexpected node {node.GetType().Name}"),
    };

    /// <summary>Fully resolves the value whose layers these are, merging objects.</summary>
    private HoconValue? Merge(IEnumerable<Layer> layers)
    {
        EnsureStack();
        var objects = new List<Layer>();
        var hidesBelow = false;
        foreach (var layer in layers)
        {
            if (!layer.IsObject)
            {
                if (objects.Count == 0)
                {
                    return layer.Value;
                }

                hidesBelow = true;
                break;
            }

            objects.Add(layer);
            if (layer.HidesBelow)
            {
                hidesBelow = true;
                break;
            }
        }

        if (objects.Count == 0)
        {
            return null;
        }

        if (objects.Count == 1 && objects[0].Value is HoconObject resolved)
        {
            return hidesBelow ? resolved.WithIgnoresFallbacks() : resolved;
        }

        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in objects)
        {
            foreach (var key in layer.Literal?.Keys ?? ((HoconObject)layer.Value!).Keys)
            {
                if (seen.Add(key))
                {
                    keys.Add(key);
                }
            }
        }

        var fields = new List<KeyValuePair<string, HoconValue>>(keys.Count);
        foreach (var key in keys)
        {
            if (Merge(Descend(objects, key, onLookupPath: false)) is { } value)
            {
                fields.Add(new(key, value));
            }
        }

        return new HoconObject(fields, objects[0].Literal?.Position ?? objects[0].Value!.Origin, hidesBelow);
    }

    private HoconValue? Substitute(SubstitutionNode substitution)
    {
        if (_lookups.Count >= MaxChainLength)
        {
            throw new ParseException($"more than {MaxChainLength} substitutions refer to one another in a chain", substitution.Position);
        }

        _lookups.Add(substitution);
        var lookedBackward = _lookedBackward;
        _lookedBackward = false;
        try
        {
            HoconValue? value = null;
            if (substitution.Prefix.Count > 0)
            {
                // Inside an included file, ${x} means the x next to it; fall back to the root's x.
                value = Lookup(HoconPath.Concat(substitution.Prefix, substitution.Path));
            }

            value ??= Lookup(substitution.Path);
            if (value is null)
            {
                var name = string.Join('.', substitution.Path);
                if (_environment(name) is { } environmentValue)
                {
                    value = HoconScalar.String(environmentValue, substitution.Position with { Source = $"environment variable {name}" });
                }
            }

            if (value is null && !substitution.Optional)
            {
                var path = HoconPath.Render(substitution.Path);
                var detail = !_lookedBackward
                    ? $"there is no setting '{path}' and no environment variable '{string.Join('.', substitution.Path)}'"
                    : _lookups.Count == 1
                        ? $"it refers back to '{path}' itself and '{path}' has no earlier value"
                        : $"'{path}' refers back to itself through {Chain()} and has no earlier value";
                throw new ParseException($"cannot resolve {substitution}: {detail}", substitution.Position);
            }

            return value;
        }
        finally
        {
            _lookedBackward = lookedBackward;
            _lookups.RemoveAt(_lookups.Count - 1);
        }
    }

    private HoconValue? Concatenate(ConcatNode concat)
    {
        // Resolve the parts; undefined optional substitutions drop out.
        var parts = new List<(Node Node, HoconValue? Value)>();
        foreach (var part in concat.Parts)
        {
            if (part is WhitespaceNode)
            {
                parts.Add((part, null));
            }
            else if (Evaluate(part) is { } value)
            {
                parts.Add((part, value));
            }
        }

        // Whitespace only counts between values.
        while (parts.Count > 0 && parts[0].Value is null)
        {
            parts.RemoveAt(0);
        }

        while (parts.Count > 0 && parts[^1].Value is null)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        if (parts.Count == 0)
        {
            return null;
        }

        if (parts.Count == 1)
        {
            return parts[0].Value;
        }

        var values = parts.Where(p => p.Value is not null).Select(p => p.Value!).ToList();
        if (values.Any(v => v is HoconArray))
        {
            if (values.FirstOrDefault(v => v is not HoconArray) is { } other)
            {
                throw MixedConcatenation(concat, "an array", other);
            }

            return new HoconArray(values.SelectMany(v => ((HoconArray)v).Items), concat.Position);
        }

        if (values.Any(v => v is HoconObject))
        {
            if (values.FirstOrDefault(v => v is not HoconObject) is { } other)
            {
                throw MixedConcatenation(concat, "an object", other);
            }

            return values.Cast<HoconObject>().Aggregate((merged, next) => HoconObject.Merge(next, merged));
        }

        var text = string.Concat(parts.Select(p => p.Value is HoconScalar scalar ? scalar.Text : ((WhitespaceNode)p.Node).Text));
        return HoconScalar.String(text, concat.Position);
    }

    private static ParseException MixedConcatenation(ConcatNode concat, string kind, HoconValue other) =>
        new($"cannot concatenate {kind} with {Describe(other)}: arrays join only arrays and objects merge only with objects", concat.Position);

    private static string Describe(HoconValue value) => value switch
    {
        HoconObject => "an object",
        HoconArray => "an array",
        HoconScalar { Type: HoconValueType.String } s when string.IsNullOrWhiteSpace(s.Text) => "quoted whitespace",
        HoconScalar s => $"the {s.Type.ToString().ToLowerInvariant()} '{s.Text}'",
        _ => value.Type.ToString(),
    };

    private ParseException Cycle(Node node) =>
        _lookups.Count > 0
            ? new ParseException($"substitution cycle: {Chain()} refers to a value that contains it", _lookups[^1].Position)
            : new ParseException("substitution cycle: the value refers to itself", node.Position);

    // Long substitution chains through deeply nested objects could otherwise exhaust the stack.
    private static void EnsureStack()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new ParseException("the configuration's substitutions and nesting are too deep to resolve");
        }
    }

    private string Chain() => string.Join(" -> ", _lookups.Select(s => $"{s} ({s.Position})"));
}
