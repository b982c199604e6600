using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Model.Patching;

/// <summary>
/// Kubernetes' strategic merge patch (<c>application/strategic-merge-patch+json</c>), the apply half of
/// k8s.io/apimachinery/pkg/util/strategicpatch as the API server runs it: maps merge recursively, null
/// deletes a key, lists named in <see cref="StrategicMergeSchema"/> merge by their merge key (or as a set
/// of primitives) and every other list is replaced. The directives <c>$patch: replace|delete</c>,
/// <c>$retainKeys</c>, <c>$setElementOrder/&lt;list&gt;</c> and <c>$deleteFromPrimitiveList/&lt;list&gt;</c>
/// behave as in Kubernetes, as do its error cases (<c>$patch: merge</c> is rejected there too).
/// Content taken over from the patch is left without directives and without null members.
/// </summary>
public static class StrategicMergePatch
{
    private const string DirectiveMarker = "$patch";
    private const string DeleteDirective = "delete";
    private const string ReplaceDirective = "replace";
    private const string MergeDirective = "merge";
    private const string RetainKeysDirective = "$retainKeys";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";
    private const string SetElementOrderPrefix = "$setElementOrder";

    /// <summary>
    /// Whether <paramref name="kind"/> has a strategic merge schema. Kubernetes answers 415 Unsupported
    /// Media Type to a strategic merge patch of any other kind (custom resources).
    /// </summary>
    public static bool Supports(string kind) => StrategicMergeSchema.Supports(kind);

    /// <summary>
    /// Applies <paramref name="patch"/> to a copy of <paramref name="original"/> using the schema of
    /// <paramref name="kind"/> and returns the result; the inputs are not changed. For a kind without a
    /// schema every list is replaced. Throws <see cref="PatchException"/> (400 or 422).
    /// </summary>
    public static JsonObject Apply(JsonObject original, JsonObject patch, string kind)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(kind);
        return MergeMap(original.DeepClone().AsObject(), patch, StrategicMergeSchema.TreeFor(kind));
    }

    /// <summary>
    /// Applies <paramref name="patch"/> with an explicit set of merging lists instead of a kind's table
    /// entry, e.g. for a type not in <see cref="StrategicMergeSchema"/>.
    /// </summary>
    public static JsonObject Apply(JsonObject original, JsonObject patch, IEnumerable<ListMergeRule> rules)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(rules);
        return MergeMap(original.DeepClone().AsObject(), patch, PatchSchemaNode.Build(rules));
    }

    // Merges the (read-only) patch into original, which this call owns and may change; returns the
    // merged map: original itself, or a new map when a $patch directive replaces or deletes it.
    private static JsonObject MergeMap(JsonObject original, JsonObject patch, PatchSchemaNode schema)
    {
        if (patch.TryGetPropertyValue(DirectiveMarker, out var directive))
        {
            return HandleDirectiveInMap(directive, patch);
        }

        var handled = new HashSet<string>(StringComparer.Ordinal);
        ApplyRetainKeys(original, patch, handled);
        MergeOrderedLists(original, patch, schema, handled);

        foreach (var (patchKey, patchValue) in patch)
        {
            if (handled.Contains(patchKey))
            {
                continue;
            }

            var key = patchKey;
            var isDeleteList = false;
            if (patchKey.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                key = ExtractKey(patchKey, DeleteFromPrimitiveListPrefix);
                isDeleteList = true;
            }

            if (JsonNodes.IsNull(patchValue))
            {
                original.Remove(key);
                continue;
            }

            if (!original.TryGetPropertyValue(key, out var originalValue)
                || JsonNodes.KindOf(originalValue) != JsonNodes.KindOf(patchValue))
            {
                // New or retyped: take the patch value, unless it only lists deletions.
                if (!isDeleteList)
                {
                    SetCleanCopy(original, key, patchValue);
                }

                continue;
            }

            switch (originalValue)
            {
                case JsonObject originalMap:
                    var merged = MergeMap(originalMap, patchValue!.AsObject(), schema.Child(key));
                    if (!ReferenceEquals(merged, originalMap))
                    {
                        original[key] = merged;
                    }

                    break;
                case JsonArray originalList:
                    var items = MergeSliceHandler(Take(originalList), [.. patchValue!.AsArray()], schema.Child(key), isDeleteList);
                    original[key] = new JsonArray([.. items]);
                    break;
                default:
                    original[key] = patchValue!.DeepClone();
                    break;
            }
        }

        return original;
    }

    private static JsonObject HandleDirectiveInMap(JsonNode? directive, JsonObject patch)
    {
        switch (DirectiveText(directive))
        {
            case ReplaceDirective:
                var replacement = patch.DeepClone().AsObject();
                replacement.Remove(DirectiveMarker);
                Clean(replacement);
                return replacement;
            case DeleteDirective:
                return [];
            default:
                throw BadPatchType(directive, patch);
        }
    }

    // $retainKeys: keys of original not listed are cleared; every key the patch sets must be listed.
    private static void ApplyRetainKeys(JsonObject original, JsonObject patch, HashSet<string> handled)
    {
        if (!patch.TryGetPropertyValue(RetainKeysDirective, out var retainKeys))
        {
            return;
        }

        handled.Add(RetainKeysDirective);
        if (retainKeys is not JsonArray list)
        {
            throw BadRetainKeys();
        }

        var retained = list.Select(JsonNodes.ScalarKey).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (key == RetainKeysDirective || JsonNodes.IsNull(value)
                || key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal)
                || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (!retained.Contains("s:" + key))
            {
                throw BadRetainKeys();
            }
        }

        foreach (var key in original.Select(pair => pair.Key).ToList())
        {
            if (!retained.Contains("s:" + key))
            {
                original.Remove(key);
            }
        }
    }

    // $setElementOrder/<list>: merges that list together with its patch (if any) and then orders it:
    // the directive's order first, then the patch's, then the live object's for server-only items.
    private static void MergeOrderedLists(JsonObject original, JsonObject patch, PatchSchemaNode schema, HashSet<string> handled)
    {
        foreach (var (directiveKey, orderNode) in patch)
        {
            if (!directiveKey.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            handled.Add(directiveKey);
            if (orderNode is not JsonArray orderArray)
            {
                throw BadArgType("[]interface {}", orderNode);
            }

            var key = ExtractKey(directiveKey, SetElementOrderPrefix);
            var setOrder = orderArray.ToList();
            var foundOriginal = original.TryGetPropertyValue(key, out var originalNode);
            var foundPatch = patch.TryGetPropertyValue(key, out var patchNode);
            if (foundOriginal && originalNode is not JsonArray)
            {
                throw BadArgType("[]interface {}", originalNode);
            }

            if (foundPatch && patchNode is not JsonArray)
            {
                throw BadArgType("[]interface {}", patchNode);
            }

            var field = schema.Child(key);
            var mergeKey = field.MergeKey;
            List<JsonNode?>? patchItems = foundPatch ? [.. patchNode!.AsArray()] : null;
            ValidatePatchWithSetOrderList(patchItems, setOrder, mergeKey);

            if (!foundOriginal && !foundPatch)
            {
                continue;
            }

            var originalItems = foundOriginal ? Take(originalNode!.AsArray()) : [];
            var backing = new SharedBacking(originalItems);
            var merged = (foundOriginal, foundPatch) switch
            {
                (true, false) => originalItems,
                (false, true) => CleanCopies(patchItems!),
                _ => MergeSliceHandler(originalItems, patchItems!, field, false, backing),
            };

            // The live order is read from the list as the merge left it in memory (see SharedBacking).
            var serverOrder = backing.Items;
            var (inPatch, serverOnly) = mergeKey.Length == 0
                ? PartitionPrimitives(merged, setOrder)
                : PartitionMaps(merged, setOrder, mergeKey);
            var kind = SliceElementType(serverOrder, patchItems ?? []);
            var ordered = NormalizeElementOrder(inPatch, serverOnly, setOrder, serverOrder, mergeKey, kind);
            original[key] = new JsonArray([.. ordered]);
            handled.Add(key);
        }
    }

    private static void ValidatePatchWithSetOrderList(List<JsonNode?>? patchItems, List<JsonNode?> setOrder, string mergeKey)
    {
        if (setOrder.Count == 0 || patchItems is null || patchItems.Count == 0)
        {
            return;
        }

        var nonDelete = mergeKey.Length > 0 ? ExtractToDeleteItems(patchItems).NonDelete : patchItems;
        int patchIndex = 0, orderIndex = 0;
        while (patchIndex < nonDelete.Count && orderIndex < setOrder.Count)
        {
            if (nonDelete[patchIndex] is JsonObject item && item.ContainsKey(DirectiveMarker))
            {
                patchIndex++;
                continue;
            }

            if (MergeKeyValueEqual(nonDelete[patchIndex], setOrder[orderIndex], mergeKey))
            {
                patchIndex++;
            }

            orderIndex++;
        }

        if (patchIndex < nonDelete.Count && orderIndex >= setOrder.Count)
        {
            throw new PatchException(
                $"The order in patch list:\n{ToJson(patchItems)}\n doesn't match {SetElementOrderPrefix} list:\n{ToJson(setOrder)}\n");
        }
    }

    // A deletion list applies whatever the field's strategy; a list without merge strategy is replaced.
    private static List<JsonNode?> MergeSliceHandler(
        List<JsonNode?> original, List<JsonNode?> patch, PatchSchemaNode field, bool isDeleteList, SharedBacking? backing = null) =>
        field.IsMergeList || isDeleteList ? MergeSlice(original, patch, field, isDeleteList, backing) : CleanCopies(patch);

    private static List<JsonNode?> MergeSlice(
        List<JsonNode?> original, List<JsonNode?> patch, PatchSchemaNode field, bool isDeleteList, SharedBacking? backing)
    {
        if (original.Count == 0 && patch.Count == 0)
        {
            return original;
        }

        var kind = SliceElementType(original, patch);
        var mergeKey = field.MergeKey;
        List<JsonNode?> merged;
        if (kind != JsonNodes.Kind.Object)
        {
            if (isDeleteList)
            {
                var toDelete = patch.Select(JsonNodes.ScalarKey).ToHashSet(StringComparer.Ordinal);
                return [.. original.Where(item => !toDelete.Contains(JsonNodes.ScalarKey(item)))];
            }

            merged = DeduplicateScalars([.. original, .. patch.Select(item => item?.DeepClone())]);
        }
        else
        {
            if (mergeKey.Length == 0)
            {
                throw new PatchException($"cannot merge lists without merge key for {field.Path}");
            }

            (original, patch) = MergeSliceWithSpecialElements(original, patch, mergeKey, backing);
            merged = MergeSliceWithoutSpecialElements(original, patch, mergeKey, field, backing);
        }

        var (inPatch, serverOnly) = mergeKey.Length == 0
            ? PartitionPrimitives(merged, patch)
            : PartitionMaps(merged, patch, mergeKey);
        return NormalizeElementOrder(inPatch, serverOnly, patch, original, mergeKey, kind);
    }

    // Applies the elements carrying $patch: delete removes matching elements, replace makes the
    // remaining patch elements the whole list.
    private static (List<JsonNode?> Original, List<JsonNode?> Patch) MergeSliceWithSpecialElements(
        List<JsonNode?> original, List<JsonNode?> patch, string mergeKey, SharedBacking? backing)
    {
        var plain = new List<JsonNode?>();
        var replace = false;
        foreach (var item in patch)
        {
            var element = item!.AsObject();
            if (!element.TryGetPropertyValue(DirectiveMarker, out var directive))
            {
                plain.Add(item);
                continue;
            }

            switch (DirectiveText(directive))
            {
                case DeleteDirective:
                    if (!element.TryGetPropertyValue(mergeKey, out var mergeValue))
                    {
                        throw NoMergeKey(element, mergeKey);
                    }

                    original = DeleteMatchingEntries(original, mergeKey, mergeValue);
                    backing?.Delete(mergeKey, JsonNodes.ScalarKey(mergeValue));
                    break;
                case ReplaceDirective:
                    replace = true;
                    break;
                case MergeDirective:
                    throw new PatchException("merging lists cannot yet be specified in the patch");
                default:
                    throw BadPatchType(directive, element);
            }
        }

        if (replace)
        {
            backing?.Detach();
            return (CleanCopies(plain), []);
        }

        return (original, plain);
    }

    private static List<JsonNode?> DeleteMatchingEntries(List<JsonNode?> original, string mergeKey, JsonNode? mergeValue)
    {
        var target = JsonNodes.ScalarKey(mergeValue);
        var kept = new List<JsonNode?>(original.Count);
        for (var i = 0; i < original.Count; i++)
        {
            if (original[i] is not JsonObject element)
            {
                throw new PatchException($"value for key {i} is not a map.");
            }

            if (!(element.TryGetPropertyValue(mergeKey, out var value) && JsonNodes.ScalarKey(value) == target))
            {
                kept.Add(element);
            }
        }

        return kept;
    }

    // Elements whose merge key matches an existing one merge into it; the others are appended.
    private static List<JsonNode?> MergeSliceWithoutSpecialElements(
        List<JsonNode?> original, List<JsonNode?> patch, string mergeKey, PatchSchemaNode field, SharedBacking? backing)
    {
        var merged = new List<JsonNode?>(original);
        foreach (var item in patch)
        {
            var element = item!.AsObject();
            if (!element.TryGetPropertyValue(mergeKey, out var mergeValue))
            {
                throw NoMergeKey(element, mergeKey);
            }

            var index = FindMap(merged, mergeKey, mergeValue);
            if (index >= 0)
            {
                merged[index] = MergeMap(merged[index]!.AsObject(), element, field);
            }
            else if (CleanCopy(element, out var copy))
            {
                merged.Add(copy);
                backing?.Append(copy);
            }
        }

        return merged;
    }

    private static int FindMap(List<JsonNode?> items, string mergeKey, JsonNode? mergeValue)
    {
        var target = JsonNodes.ScalarKey(mergeValue);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject element)
            {
                throw new PatchException($"value for key {i} is not a map.");
            }

            if (element.TryGetPropertyValue(mergeKey, out var value) && JsonNodes.ScalarKey(value) == target)
            {
                return i;
            }
        }

        return -1;
    }

    private static (List<JsonNode?> InList, List<JsonNode?> NotInList) PartitionPrimitives(List<JsonNode?> items, List<JsonNode?> partitionBy)
    {
        var present = partitionBy.Select(JsonNodes.ScalarKey).ToHashSet(StringComparer.Ordinal);
        return ([.. items.Where(item => present.Contains(JsonNodes.ScalarKey(item)))],
            [.. items.Where(item => !present.Contains(JsonNodes.ScalarKey(item)))]);
    }

    private static (List<JsonNode?> InList, List<JsonNode?> NotInList) PartitionMaps(List<JsonNode?> items, List<JsonNode?> partitionBy, string mergeKey)
    {
        var inList = new List<JsonNode?>();
        var notInList = new List<JsonNode?>();
        foreach (var item in items)
        {
            if (item is not JsonObject element)
            {
                throw BadArgType("map[string]interface {}", item);
            }

            if (!element.TryGetPropertyValue(mergeKey, out var mergeValue))
            {
                throw NoMergeKey(element, mergeKey);
            }

            (FindMap(partitionBy, mergeKey, mergeValue) >= 0 ? inList : notInList).Add(item);
        }

        return (inList, notInList);
    }

    // Sorts the patch's items by patchOrder and the server-only items by serverOrder, then interleaves
    // them so that both relative orders hold.
    private static List<JsonNode?> NormalizeElementOrder(
        List<JsonNode?> inPatch, List<JsonNode?> serverOnly, List<JsonNode?> patchOrder, List<JsonNode?> serverOrder,
        string mergeKey, JsonNodes.Kind kind)
    {
        inPatch = NormalizeSliceOrder(inPatch, patchOrder, mergeKey, kind);
        serverOnly = NormalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
        var serverIndex = new OrderIndex(serverOrder, mergeKey, kind);
        var result = new List<JsonNode?>(inPatch.Count + serverOnly.Count);
        int left = 0, right = 0;
        while (left < serverOnly.Count && right < inPatch.Count)
        {
            var leftIndex = serverIndex.Of(serverOnly[left]);
            var rightIndex = serverIndex.Of(inPatch[right]);
            result.Add(leftIndex >= 0 && rightIndex >= 0 && leftIndex < rightIndex ? serverOnly[left++] : inPatch[right++]);
        }

        result.AddRange(serverOnly.Skip(left));
        result.AddRange(inPatch.Skip(right));
        return result;
    }

    private static List<JsonNode?> NormalizeSliceOrder(List<JsonNode?> toSort, List<JsonNode?> order, string mergeKey, JsonNodes.Kind kind)
    {
        List<JsonNode?> toDelete = [];
        if (kind == JsonNodes.Kind.Object)
        {
            ValidateMergeKeyInLists(mergeKey, toSort, order);
            (toSort, toDelete) = ExtractToDeleteItems(toSort);
        }

        // Kubernetes' comparator (an item missing from the order sorts first) in a stable insertion
        // sort, which is what Go's sort.SliceStable runs for lists of this size.
        var orderIndex = new OrderIndex(order, mergeKey, kind);
        var items = toSort.ToArray();
        var positions = items.Select(orderIndex.Of).ToArray();
        for (var i = 1; i < items.Length; i++)
        {
            for (var j = i; j > 0 && Less(positions[j], positions[j - 1]); j--)
            {
                (items[j], items[j - 1]) = (items[j - 1], items[j]);
                (positions[j], positions[j - 1]) = (positions[j - 1], positions[j]);
            }
        }

        return [.. items, .. toDelete];

        static bool Less(int left, int right) => left < 0 || right < 0 || left < right;
    }

    private static void ValidateMergeKeyInLists(string mergeKey, params List<JsonNode?>[] lists)
    {
        foreach (var item in lists.SelectMany(list => list))
        {
            if (item is not JsonObject element)
            {
                throw BadArgType("map[string]interface {}", item);
            }

            if (!element.ContainsKey(mergeKey))
            {
                throw NoMergeKey(element, mergeKey);
            }
        }
    }

    private static (List<JsonNode?> NonDelete, List<JsonNode?> ToDelete) ExtractToDeleteItems(List<JsonNode?> items)
    {
        var nonDelete = new List<JsonNode?>();
        var toDelete = new List<JsonNode?>();
        foreach (var item in items)
        {
            if (item is not JsonObject element)
            {
                throw BadArgType("map[string]interface {}", item);
            }

            var isDelete = element.TryGetPropertyValue(DirectiveMarker, out var directive) && DirectiveText(directive) == DeleteDirective;
            (isDelete ? toDelete : nonDelete).Add(item);
        }

        return (nonDelete, toDelete);
    }

    private static bool MergeKeyValueEqual(JsonNode? left, JsonNode? right, string mergeKey)
    {
        if (mergeKey.Length == 0)
        {
            return JsonNodes.ScalarKey(left) == JsonNodes.ScalarKey(right);
        }

        if (left is not JsonObject leftMap)
        {
            throw BadArgType("map[string]interface {}", left);
        }

        if (right is not JsonObject rightMap)
        {
            throw BadArgType("map[string]interface {}", right);
        }

        if (!leftMap.TryGetPropertyValue(mergeKey, out var leftValue))
        {
            throw NoMergeKey(leftMap, mergeKey);
        }

        if (!rightMap.TryGetPropertyValue(mergeKey, out var rightValue))
        {
            throw NoMergeKey(rightMap, mergeKey);
        }

        return JsonNodes.ScalarKey(leftValue) == JsonNodes.ScalarKey(rightValue);
    }

    // Go's in-place deduplication, which moves the last element into each duplicate's slot.
    private static List<JsonNode?> DeduplicateScalars(List<JsonNode?> items)
    {
        var keys = items.Select(JsonNodes.ScalarKey).ToList();
        var length = items.Count - 1;
        for (var i = 0; i < length; i++)
        {
            for (var j = i + 1; j <= length; j++)
            {
                if (keys[i] == keys[j])
                {
                    items[j] = items[length];
                    keys[j] = keys[length];
                    items.RemoveAt(length);
                    keys.RemoveAt(length);
                    length--;
                    j--;
                }
            }
        }

        return items;
    }

    // The element type of the lists, which must all agree; lists of lists are not supported.
    private static JsonNodes.Kind SliceElementType(params List<JsonNode?>[] lists)
    {
        JsonNodes.Kind? previous = null;
        foreach (var item in lists.SelectMany(list => list))
        {
            var kind = JsonNodes.KindOf(item);
            if (previous is null)
            {
                if (kind == JsonNodes.Kind.Null)
                {
                    throw new PatchException("list elements must not be null: " + string.Join(" ", lists.Select(ToJson)));
                }

                if (kind == JsonNodes.Kind.Array)
                {
                    throw new PatchException("lists of lists are not supported");
                }

                previous = kind;
            }
            else if (kind != previous)
            {
                throw new PatchException("list element types are not identical: " + string.Join(" ", lists.Select(ToJson)));
            }
        }

        return previous ?? throw new PatchException("no elements in any of the given slices");
    }

    private static string ExtractKey(string key, string prefix)
    {
        var parts = key.Split('/', 2);
        if (parts.Length <= 1 || parts[0] != prefix)
        {
            throw prefix == DeleteFromPrimitiveListPrefix
                ? new PatchException("invalid patch format of primitive list", PatchException.BadRequest)
                : new PatchException("invalid patch format of setElementOrder list", PatchException.BadRequest);
        }

        return parts[1];
    }

    // Removes a list's items so that they can be placed in a new list.
    private static List<JsonNode?> Take(JsonArray array)
    {
        var items = array.ToList();
        array.Clear();
        return items;
    }

    private static List<JsonNode?> CleanCopies(List<JsonNode?> items)
    {
        var copies = new List<JsonNode?>(items.Count);
        foreach (var item in items)
        {
            if (CleanCopy(item, out var copy))
            {
                copies.Add(copy);
            }
        }

        return copies;
    }

    private static void SetCleanCopy(JsonObject target, string key, JsonNode? value)
    {
        if (CleanCopy(value, out var copy))
        {
            target[key] = copy;
        }
        else
        {
            target.Remove(key);
        }
    }

    // A copy of patch content fit to store: false when it is itself a $patch directive map.
    private static bool CleanCopy(JsonNode? node, out JsonNode? copy)
    {
        copy = node?.DeepClone();
        return copy is null || Clean(copy);
    }

    // Drops null members, maps carrying $patch and the other directive keys, in place.
    private static bool Clean(JsonNode node)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (key, _) in map.Where(pair => JsonNodes.IsNull(pair.Value)).ToList())
                {
                    map.Remove(key);
                }

                if (map.ContainsKey(DirectiveMarker))
                {
                    return false;
                }

                foreach (var (key, value) in map.ToList())
                {
                    if (key == RetainKeysDirective
                        || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal)
                        || key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal)
                        || (value is not null && !Clean(value)))
                    {
                        map.Remove(key);
                    }
                }

                return true;
            case JsonArray list:
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    if (list[i] is { } element && !Clean(element))
                    {
                        list.RemoveAt(i);
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private static string? DirectiveText(JsonNode? directive) =>
        directive is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string ToJson(List<JsonNode?> items) =>
        "[" + string.Join(",", items.Select(item => item?.ToJsonString() ?? "null")) + "]";

    private static PatchException BadRetainKeys() =>
        new("invalid patch format of retainKeys", PatchException.BadRequest);

    private static PatchException BadPatchType(JsonNode? directive, JsonObject map) =>
        new($"unknown patch type: {DirectiveText(directive) ?? directive?.ToJsonString() ?? "null"} in map: {map.ToJsonString()}");

    private static PatchException NoMergeKey(JsonObject map, string mergeKey) =>
        new($"map: {map.ToJsonString()} does not contain declared merge key: {mergeKey}");

    private static PatchException BadArgType(string expected, JsonNode? actual) =>
        new($"expected a {expected}, but received a {GoTypeName(actual)}");

    private static string GoTypeName(JsonNode? node) => JsonNodes.KindOf(node) switch
    {
        JsonNodes.Kind.Object => "map[string]interface {}",
        JsonNodes.Kind.Array => "[]interface {}",
        JsonNodes.Kind.String => "string",
        JsonNodes.Kind.Integer => "int64",
        JsonNodes.Kind.Float => "float64",
        JsonNodes.Kind.Boolean => "bool",
        _ => "<nil>",
    };

    // Kubernetes merges a $setElementOrder list in a Go slice that shares its array with the live
    // list it later orders server-only items by: deleting elements shifts the rest left in that
    // array and appended elements land in the freed slots. This replays those writes on a copy of
    // the live list so that the resulting order is the same as Kubernetes'.
    private sealed class SharedBacking
    {
        private int _length;
        private bool _shared = true;

        public SharedBacking(List<JsonNode?> items)
        {
            Items = [.. items];
            _length = Items.Count;
        }

        /// <summary>The live list as the ordering step sees it.</summary>
        public List<JsonNode?> Items { get; }

        public void Delete(string mergeKey, string target)
        {
            while (_shared)
            {
                var index = Items.Take(_length).ToList().FindIndex(item =>
                    item is JsonObject map && map.TryGetPropertyValue(mergeKey, out var value) && JsonNodes.ScalarKey(value) == target);
                if (index < 0)
                {
                    return;
                }

                for (var i = index; i < _length - 1; i++)
                {
                    Items[i] = Items[i + 1];
                }

                _length--;
            }
        }

        public void Append(JsonNode? item)
        {
            if (_shared && _length < Items.Count)
            {
                Items[_length++] = item;
            }
            else
            {
                // Past the array's end Go allocates a new one; the live list is no longer touched.
                _shared = false;
            }
        }

        public void Detach() => _shared = false;
    }

    // Positions in a reference list by merge key (maps) or value (primitives), first occurrence wins.
    private sealed class OrderIndex
    {
        private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
        private readonly string _mergeKey;
        private readonly JsonNodes.Kind _kind;

        public OrderIndex(List<JsonNode?> order, string mergeKey, JsonNodes.Kind kind)
        {
            _mergeKey = mergeKey;
            _kind = kind;
            for (var i = 0; i < order.Count; i++)
            {
                _positions.TryAdd(KeyOf(order[i]), i);
            }
        }

        public int Of(JsonNode? item) => _positions.TryGetValue(KeyOf(item), out var position) ? position : -1;

        private string KeyOf(JsonNode? item) => _kind == JsonNodes.Kind.Object
            ? JsonNodes.ScalarKey(item is JsonObject map && map.TryGetPropertyValue(_mergeKey, out var value) ? value : null)
            : JsonNodes.ScalarKey(item);
    }
}
