using System.Text.Json.Nodes;
using Orchestrator.Model.Patching;
using Xunit;
using static Orchestrator.Model.Patching.ListMergeRule;

namespace Orchestrator.Model.Tests.Patching;

/// <summary>
/// Kubernetes' own strategic merge patch fixtures (k8s.io/apimachinery strategicpatch/patch_test.go),
/// applied to the schema of its MergeItem test type: each case is an object, a patch (the "twoWay"
/// or "threeWay" patch of the fixture) and the object Kubernetes produces.
/// </summary>
public sealed class StrategicMergePatchFixtureTests
{
    // The patchStrategy/patchMergeKey tags of Kubernetes' MergeItem test type, a few levels deep.
    private static readonly ListMergeRule[] MergeItem =
    [
        MergeBy("mergingList", "name"),
        MergeBy("mergingList.mergingList", "name"),
        MergePrimitives("mergingList.mergingIntList"),
        MergePrimitives("mergingIntList"),
        MergeBy("retainKeysMergingList", "name"),
        MergeBy("retainKeysMap.mergingList", "name"),
        MergePrimitives("retainKeysMap.mergingIntList"),
    ];

    public static TheoryData<string, string, string, string> Cases => new()
    {
        {
            "unique scalars when merging lists",
            "mergingIntList: [1, 2]",
            "mergingIntList: [2, 3]",
            "mergingIntList: [1, 2, 3]"
        },
        {
            "delete map from nested map",
            "simpleMap: {key1: 1, key2: 1}",
            "simpleMap: {$patch: delete}",
            "simpleMap: {}"
        },
        {
            "delete all items from merging list",
            "mergingList: [{name: 1}, {name: 2}]",
            "mergingList: [{$patch: replace}]",
            "mergingList: []"
        },
        {
            "merge empty merging lists",
            "mergingList: []",
            "mergingList: []",
            "mergingList: []"
        },
        {
            "delete all keys from map",
            "{name: 1, value: 1}",
            "$patch: replace",
            "{}"
        },
        {
            "add key and delete all keys from map",
            "{name: 1, value: 1}",
            "{other: a, $patch: replace}",
            "other: a"
        },
        {
            "delete all duplicate entries in a merging list",
            "mergingList: [{name: 1}, {name: 1}, {name: 2, value: a}, {name: 3}, {name: 3}]",
            "mergingList: [{name: 1, $patch: delete}, {name: 3, $patch: delete}]",
            "mergingList: [{name: 2, value: a}]"
        },
        {
            "retainKeys map can add a field when no retainKeys directive present",
            "retainKeysMap: {name: foo}",
            "retainKeysMap: {value: bar}",
            "retainKeysMap: {name: foo, value: bar}"
        },
        {
            "retainKeys map can delete a field when no retainKeys directive present",
            "retainKeysMap: {name: foo, value: a}",
            "retainKeysMap: {value: null}",
            "retainKeysMap: {name: foo}"
        },
        {
            "retainKeys map merge an empty map",
            "retainKeysMap: {name: foo, value: a}",
            "retainKeysMap: {}",
            "retainKeysMap: {name: foo, value: a}"
        },
        {
            "retainKeys list can change a field when no retainKeys directive present",
            "retainKeysMergingList: [{name: bar}, {name: foo, value: a}]",
            "retainKeysMergingList: [{name: foo, value: b}]",
            "retainKeysMergingList: [{name: bar}, {name: foo, value: b}]"
        },
        {
            "preserve the order from the patch in a merging list",
            "mergingList: [{name: 1}, {name: 2, value: b}, {name: 3}]",
            "mergingList: [{name: 3, value: c}, {name: 1, value: a}, {name: 2, other: x}]",
            "mergingList: [{name: 3, value: c}, {name: 1, value: a}, {name: 2, value: b, other: x}]"
        },
        {
            "preserve the order from the patch in a merging list 2",
            "mergingList: [{name: 1}, {name: 2, value: b}, {name: 3}]",
            "mergingList: [{name: 3, value: c}, {name: 1, value: a}]",
            "mergingList: [{name: 2, value: b}, {name: 3, value: c}, {name: 1, value: a}]"
        },
        {
            "preserve the order from the patch in a merging int list",
            "mergingIntList: [1, 2, 3]",
            "mergingIntList: [3, 1, 2]",
            "mergingIntList: [3, 1, 2]"
        },
        {
            "preserve the order from the patch in a merging int list 2",
            "mergingIntList: [1, 2, 3]",
            "mergingIntList: [3, 1]",
            "mergingIntList: [2, 3, 1]"
        },
        {
            "$setElementOrder contains item that is not present in the list to be merged",
            "mergingList: [{name: 1}, {name: 3}]",
            """
            $setElementOrder/mergingList: [{name: 3}, {name: 2}, {name: 1}]
            mergingList: [{name: 3, value: 3}, {name: 1, value: 1}]
            """,
            "mergingList: [{name: 3, value: 3}, {name: 1, value: 1}]"
        },
        {
            "$setElementOrder contains item that is not present in the int list to be merged",
            "mergingIntList: [1, 3]",
            "$setElementOrder/mergingIntList: [3, 2, 1]",
            "mergingIntList: [3, 1]"
        },
        {
            "$deleteFromPrimitiveList of nonexistent item in primitive list should not add the item to the list",
            "mergingIntList: [1, 2]",
            "$deleteFromPrimitiveList/mergingIntList: [3]",
            "mergingIntList: [1, 2]"
        },
        {
            "$deleteFromPrimitiveList on empty primitive list should not add the item to the list",
            "mergingIntList:",
            "$deleteFromPrimitiveList/mergingIntList: [3]",
            "mergingIntList:"
        },
        {
            "$deleteFromPrimitiveList on nonexistent primitive list should not add the primitive list",
            "foo: [bar]",
            "$deleteFromPrimitiveList/mergingIntList: [3]",
            "foo: [bar]"
        },
        {
            "$deleteFromPrimitiveList should delete item from a list with merge patch strategy",
            "mergingIntList: [1, 2, 3]",
            "$deleteFromPrimitiveList/mergingIntList: [2]",
            "mergingIntList: [1, 3]"
        },
        {
            "$deleteFromPrimitiveList should delete item from a list without merge patch strategy",
            "nonMergingIntList: [1, 2, 3]",
            "$deleteFromPrimitiveList/nonMergingIntList: [2]",
            "nonMergingIntList: [1, 3]"
        },
        {
            "nil original",
            "{name: 1, other: a}",
            "value: 1",
            "{name: 1, value: 1, other: a}"
        },
        {
            "add field and delete field from map",
            "{name: 1, other: a}",
            "{name: null, value: 1}",
            "{value: 1, other: a}"
        },
        {
            "delete field from nested map",
            "simpleMap: {key1: 1, key2: 1, other: a}",
            "simpleMap: {key2: null}",
            "simpleMap: {key1: 1, other: a}"
        },
        {
            "delete all fields from map",
            "{name: 1, value: 1, other: a}",
            "{name: null, value: null}",
            "other: a"
        },
        {
            "replace list of scalars with conflict",
            "nonMergingIntList: [1, 4]",
            "nonMergingIntList: [2, 3]",
            "nonMergingIntList: [2, 3]"
        },
        {
            "delete all maps from merging list with conflict",
            "mergingList: [{name: 1, other: a}, {name: 2, other: b}]",
            "mergingList: [{name: 1, $patch: delete}, {name: 2, $patch: delete}]",
            "mergingList: []"
        },
        {
            "delete all maps from empty merging list",
            "mergingList: []",
            "mergingList: [{name: 1, $patch: delete}, {name: 2, $patch: delete}]",
            "mergingList: []"
        },
        {
            "defined null values should propagate overwrite current fields (with conflict)",
            "{name: a, other: a}",
            "{name: 1, value: 1, other: null}",
            "{name: 1, value: 1}"
        },
        {
            "nil patch with retainKeys map",
            "{name: a, value: b, retainKeysMap: {name: foo}}",
            "{}",
            "{name: a, value: b, retainKeysMap: {name: foo}}"
        },
        {
            "nested patch merge with empty list (two-way)",
            "name: hi",
            "mergingList: [{name: hello}, {$patch: delete, name: doesntexist}]",
            "{name: hi, mergingList: [{name: hello}]}"
        },
        {
            "nested patch merge with empty list (three-way)",
            "{name: hi, mergingList: [{name: hello2}]}",
            """
            $setElementOrder/mergingList: [{name: hello}, {name: doesntexist}]
            mergingList: [{name: hello}, {$patch: delete, name: doesntexist}]
            """,
            "{name: hi, mergingList: [{name: hello}, {name: hello2}]}"
        },
        {
            "delete items in lists of scalars",
            "mergingIntList: [1, 2, 3, 4]",
            """
            $setElementOrder/mergingIntList: [1, 2]
            $deleteFromPrimitiveList/mergingIntList: [3]
            """,
            "mergingIntList: [1, 2, 4]"
        },
        {
            "delete all duplicate items in lists of scalars",
            "mergingIntList: [1, 2, 3, 3, 4]",
            """
            $setElementOrder/mergingIntList: [1, 2]
            $deleteFromPrimitiveList/mergingIntList: [3]
            """,
            "mergingIntList: [1, 2, 4]"
        },
        {
            "add and delete items in lists of scalars",
            "mergingIntList: [1, 2, 3]",
            """
            $setElementOrder/mergingIntList: [1, 2, 4]
            $deleteFromPrimitiveList/mergingIntList: [3]
            mergingIntList: [4]
            """,
            "mergingIntList: [1, 2, 4]"
        },
        {
            "merge lists of maps (two-way)",
            "mergingList: [{name: 1}, {name: 2, value: 2}]",
            """
            $setElementOrder/mergingList: [{name: 4}, {name: 1}, {name: 2}, {name: 3}]
            mergingList: [{name: 4, value: 4}, {name: 3, value: 3}]
            """,
            "mergingList: [{name: 4, value: 4}, {name: 1}, {name: 2, value: 2}, {name: 3, value: 3}]"
        },
        {
            "merge lists of maps (three-way)",
            "mergingList: [{name: 1, other: a}, {name: 2, value: 2, other: b}]",
            """
            $setElementOrder/mergingList: [{name: 4}, {name: 1}, {name: 2}, {name: 3}]
            mergingList: [{name: 4, value: 4}, {name: 3, value: 3}]
            """,
            "mergingList: [{name: 4, value: 4}, {name: 1, other: a}, {name: 2, value: 2, other: b}, {name: 3, value: 3}]"
        },
        {
            "merge lists of maps with conflict",
            "mergingList: [{name: 1, other: a}, {name: 2, value: 3, other: b}]",
            """
            $setElementOrder/mergingList: [{name: 1}, {name: 2}, {name: 3}]
            mergingList: [{name: 2, value: 2}, {name: 3, value: 3}]
            """,
            "mergingList: [{name: 1, other: a}, {name: 2, value: 2, other: b}, {name: 3, value: 3}]"
        },
        {
            "add field to map in merging list",
            "mergingList: [{name: 1, other: a}, {name: 2, value: 2, other: b}]",
            """
            $setElementOrder/mergingList: [{name: 1}, {name: 2}]
            mergingList: [{name: 1, value: 1}]
            """,
            "mergingList: [{name: 1, value: 1, other: a}, {name: 2, value: 2, other: b}]"
        },
        {
            "add field to map in merging list with conflict",
            "mergingList: [{name: 1, other: a}, {name: 3, value: 2, other: b}]",
            """
            $setElementOrder/mergingList: [{name: 1}, {name: 2}]
            mergingList: [{name: 1, value: 1}, {name: 2, value: 2}]
            """,
            "mergingList: [{name: 1, value: 1, other: a}, {name: 2, value: 2}, {name: 3, value: 2, other: b}]"
        },
        {
            "replace map field value in merging list with conflict",
            "mergingList: [{name: 1, value: 3, other: a}, {name: 2, value: 2, other: b}]",
            """
            $setElementOrder/mergingList: [{name: 1}, {name: 2}]
            mergingList: [{name: 1, value: a}]
            """,
            "mergingList: [{name: 1, value: a, other: a}, {name: 2, value: 2, other: b}]"
        },
        {
            "delete map from merging list",
            "mergingList: [{name: 1}, {name: 2, other: b}]",
            """
            $setElementOrder/mergingList: [{name: 2}]
            mergingList: [{name: 1, $patch: delete}]
            """,
            "mergingList: [{name: 2, other: b}]"
        },
        {
            "delete missing map from merging list",
            "mergingList: [{name: 2, other: b}]",
            """
            $setElementOrder/mergingList: [{name: 2}]
            mergingList: [{name: 1, $patch: delete}]
            """,
            "mergingList: [{name: 2, other: b}]"
        },
        {
            "delete missing map from merging list with conflict",
            "mergingList: [{name: 3, other: a}]",
            """
            $setElementOrder/mergingList: [{name: 2}]
            mergingList: [{name: 2}, {name: 1, $patch: delete}]
            """,
            "mergingList: [{name: 2}, {name: 3, other: a}]"
        },
        {
            "add map and delete map from merging list",
            "mergingList: [{name: 1}, {name: 2, other: b}, {name: 4, other: c}]",
            """
            $setElementOrder/mergingList: [{name: 2}, {name: 3}]
            mergingList: [{name: 3}, {name: 1, $patch: delete}]
            """,
            "mergingList: [{name: 2, other: b}, {name: 4, other: c}, {name: 3}]"
        },
        {
            "add map and delete map from merging list with conflict",
            "mergingList: [{name: 1, other: a}, {name: 4, other: c}]",
            """
            $setElementOrder/mergingList: [{name: 2}, {name: 3}]
            mergingList: [{name: 2}, {name: 3}, {name: 1, $patch: delete}]
            """,
            "mergingList: [{name: 4, other: c}, {name: 2}, {name: 3}]"
        },
        {
            "delete field from map in merging list",
            "mergingList: [{name: 1, value: 1, other: a}, {name: 2, value: 2, other: b}]",
            """
            $setElementOrder/mergingList: [{name: 1}, {name: 2}]
            mergingList: [{name: 1, value: null}]
            """,
            "mergingList: [{name: 1, other: a}, {name: 2, value: 2, other: b}]"
        },
        {
            "replace non merging list nested in merging list",
            "mergingList: [{name: 1, other: a, nonMergingList: [{name: 1}, {name: 2, value: 2}]}, {name: 2, other: b}]",
            """
            $setElementOrder/mergingList: [{name: 1}, {name: 2}]
            mergingList: [{name: 1, nonMergingList: [{name: 1, value: 1}]}]
            """,
            "mergingList: [{name: 1, other: a, nonMergingList: [{name: 1, value: 1}]}, {name: 2, other: b}]"
        },
        {
            "retainKeys map changes a field in a nested map",
            "retainKeysMap: {name: foo, value: bar, simpleMap: {key1: a, key2: b, key3: c}}",
            "retainKeysMap: {$retainKeys: [name, simpleMap, value], simpleMap: {key1: x}}",
            "retainKeysMap: {name: foo, value: bar, simpleMap: {key1: x, key2: b, key3: c}}"
        },
        {
            "retainKeys map replaces non-merging list",
            "retainKeysMap: {name: foo, value: bar, nonMergingList: [{name: a}, {name: b}]}",
            "retainKeysMap: {$retainKeys: [name, nonMergingList, value], nonMergingList: [{name: a}, {name: c}, {name: b}]}",
            "retainKeysMap: {name: foo, value: bar, nonMergingList: [{name: a}, {name: c}, {name: b}]}"
        },
        {
            "retainKeys map deletes nested non-merging list with conflict",
            "retainKeysMap: {name: foo, nonMergingList: [{name: a}, {name: b}, {name: c}]}",
            "retainKeysMap: {$retainKeys: [name, value], value: bar, nonMergingList: null}",
            "retainKeysMap: {name: foo, value: bar}"
        },
        {
            "retainKeys map nested merging int list with no change",
            "retainKeysMap: {name: foo, mergingIntList: [1, 2, 3]}",
            """
            retainKeysMap:
              $retainKeys: [mergingIntList, name, value]
              $setElementOrder/mergingIntList: [1, 2]
              value: bar
            """,
            "retainKeysMap: {name: foo, value: bar, mergingIntList: [1, 2, 3]}"
        },
        {
            "retainKeys map adds an item in nested merging int list",
            "retainKeysMap: {name: foo, mergingIntList: [1, 2, 3]}",
            """
            retainKeysMap:
              $setElementOrder/mergingIntList: [1, 2, 4]
              $retainKeys: [mergingIntList, name]
              mergingIntList: [4]
            """,
            "retainKeysMap: {name: foo, mergingIntList: [1, 2, 4, 3]}"
        },
        {
            "retainKeys map deletes an item in nested merging int list",
            "retainKeysMap: {name: foo, mergingIntList: [1, 2, 3, 4]}",
            """
            retainKeysMap:
              $retainKeys: [mergingIntList, name]
              $deleteFromPrimitiveList/mergingIntList: [2]
              $setElementOrder/mergingIntList: [1, 3]
            """,
            "retainKeysMap: {name: foo, mergingIntList: [1, 3, 4]}"
        },
        {
            "retainKeys map adds an item and deletes an item in nested merging int list",
            "retainKeysMap: {name: foo, mergingIntList: [1, 2, 3, 4]}",
            """
            retainKeysMap:
              $retainKeys: [mergingIntList, name]
              mergingIntList: [5]
              $deleteFromPrimitiveList/mergingIntList: [2]
              $setElementOrder/mergingIntList: [1, 3, 5]
            """,
            "retainKeysMap: {name: foo, mergingIntList: [1, 3, 5, 4]}"
        },
        {
            "retainKeys map deletes nested merging int list",
            "retainKeysMap: {name: foo, mergingIntList: [1, 2, 3]}",
            "retainKeysMap: {$retainKeys: [name], mergingIntList: null}",
            "retainKeysMap: {name: foo}"
        },
        {
            "retainKeys map adds an item in nested merging list",
            "retainKeysMap: {name: foo, mergingList: [{name: a}, {name: b}, {name: x}]}",
            """
            retainKeysMap:
              $retainKeys: [mergingList, name]
              $setElementOrder/mergingList: [{name: a}, {name: b}, {name: c}]
              mergingList: [{name: c}]
            """,
            "retainKeysMap: {name: foo, mergingList: [{name: a}, {name: b}, {name: c}, {name: x}]}"
        },
        {
            "retainKeys map changes an item in nested merging list",
            "retainKeysMap: {name: foo, mergingList: [{name: a}, {name: b, value: foo}, {name: x}]}",
            """
            retainKeysMap:
              $retainKeys: [mergingList, name]
              $setElementOrder/mergingList: [{name: a}, {name: b}]
              mergingList: [{name: b, value: bar}]
            """,
            "retainKeysMap: {name: foo, mergingList: [{name: a}, {name: b, value: bar}, {name: x}]}"
        },
        {
            "retainKeys map deletes an item in nested merging list",
            "retainKeysMap: {name: foo, mergingList: [{name: a}, {name: b}, {name: x}]}",
            """
            retainKeysMap:
              $retainKeys: [mergingList, name]
              $setElementOrder/mergingList: [{name: a}]
              mergingList: [{name: b, $patch: delete}]
            """,
            "retainKeysMap: {name: foo, mergingList: [{name: a}, {name: x}]}"
        },
        {
            "retainKeys list of maps clears a field",
            "retainKeysMergingList: [{name: bar}, {name: foo, value: a, other: x}]",
            """
            $setElementOrder/retainKeysMergingList: [{name: bar}, {name: foo}]
            retainKeysMergingList: [{$retainKeys: [name, value], name: foo}]
            """,
            "retainKeysMergingList: [{name: bar}, {name: foo, value: a}]"
        },
        {
            "retainKeys list of maps clears a field with conflict",
            "retainKeysMergingList: [{name: bar}, {name: foo, value: new, other: x}]",
            """
            $setElementOrder/retainKeysMergingList: [{name: bar}, {name: foo}]
            retainKeysMergingList: [{$retainKeys: [name, value], name: foo, value: modified}]
            """,
            "retainKeysMergingList: [{name: bar}, {name: foo, value: modified}]"
        },
    };

    public static TheoryData<string, string, string, string, int> Errors => new()
    {
        {
            "should check if order in $setElementOrder and patch list match",
            "mergingList: [{name: 1}, {name: 3}, {name: 2}]",
            """
            $setElementOrder/mergingList: [{name: 1}, {name: 2}, {name: 3}]
            mergingList: [{name: 3, value: 3}, {name: 1, value: 1}]
            """,
            "doesn't match",
            422
        },
        {
            "should check if order in $setElementOrder and patch int list match",
            "mergingIntList: [1, 3, 2]",
            """
            $setElementOrder/mergingIntList: [1, 2, 3]
            mergingIntList: [3, 1]
            """,
            "doesn't match",
            422
        },
        {
            "missing merge key should error out",
            "mergingList: [{name: 1, value: a}]",
            "mergingList: [{value: b}]",
            "does not contain declared merge key: name",
            422
        },
        {
            "a deletion without the merge key",
            "mergingList: [{name: 1}]",
            "mergingList: [{$patch: delete}]",
            "does not contain declared merge key: name",
            422
        },
        {
            "merging lists cannot be asked for explicitly",
            "mergingList: [{name: 1}]",
            "mergingList: [{name: 2, $patch: merge}]",
            "merging lists cannot yet be specified in the patch",
            422
        },
        {
            "$patch: merge is not a map directive either",
            "simpleMap: {a: b}",
            "simpleMap: {$patch: merge, c: d}",
            "unknown patch type: merge in map",
            422
        },
        {
            "an unknown directive",
            "mergingList: [{name: 1}]",
            "mergingList: [{name: 1, $patch: frobnicate}]",
            "unknown patch type: frobnicate in map",
            422
        },
        {
            "lists of lists",
            "mergingIntList: [[1]]",
            "mergingIntList: [[2]]",
            "lists of lists are not supported",
            422
        },
        {
            "mixed element types",
            "mergingIntList: [1]",
            "mergingIntList: [a]",
            "list element types are not identical",
            422
        },
        {
            "a list of maps where primitives merge",
            "mergingIntList: [{name: 1}]",
            "mergingIntList: [{name: 2}]",
            "cannot merge lists without merge key for mergingIntList",
            422
        },
        {
            "$retainKeys must be a list",
            "retainKeysMap: {name: foo}",
            "retainKeysMap: {$retainKeys: name}",
            "invalid patch format of retainKeys",
            400
        },
        {
            "every patched key must be retained",
            "retainKeysMap: {name: foo}",
            "retainKeysMap: {$retainKeys: [name], value: bar}",
            "invalid patch format of retainKeys",
            400
        },
        {
            "a malformed $setElementOrder key",
            "mergingList: [{name: 1}]",
            "$setElementOrderX/mergingList: [{name: 1}]",
            "invalid patch format of setElementOrder list",
            400
        },
        {
            "a malformed $deleteFromPrimitiveList key",
            "mergingIntList: [1]",
            "$deleteFromPrimitiveList: [1]",
            "invalid patch format of primitive list",
            400
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Produces_what_Kubernetes_produces(string name, string original, string patch, string expected)
    {
        var result = StrategicMergePatch.Apply(Documents.YamlObject(original), Documents.YamlObject(patch), MergeItem);

        var want = Documents.Yaml(expected);
        Assert.True(JsonNode.DeepEquals(want, result), $"{name}\nexpected: {want?.ToJsonString()}\nactual:   {result.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void Fails_where_Kubernetes_fails(string name, string original, string patch, string message, int status)
    {
        var error = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(Documents.YamlObject(original), Documents.YamlObject(patch), MergeItem));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.True(status == error.StatusCode, $"{name}: status {error.StatusCode}");
    }
}
