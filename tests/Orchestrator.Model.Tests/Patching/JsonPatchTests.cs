using System.Text.Json.Nodes;
using Orchestrator.Model.Patching;
using Xunit;

namespace Orchestrator.Model.Tests.Patching;

public sealed class JsonPatchTests
{
    // RFC 6902, Appendix A (A.13, a malformed document, is a parsing concern).
    public static TheoryData<string, string, string, string> RfcExamples => new()
    {
        { "A.1 add an object member", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"foo":"bar","baz":"qux"}""" },
        { "A.2 add an array element", """{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""" },
        { "A.3 remove an object member", """{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""" },
        { "A.4 remove an array element", """{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""" },
        { "A.5 replace a value", """{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""" },
        { "A.6 move a value", """{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""" },
        { "A.7 move an array element", """{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""" },
        { "A.8 test a value", """{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""" },
        { "A.10 add a nested member object", """{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""" },
        { "A.11 ignore unrecognized elements", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]""", """{"foo":"bar","baz":"qux"}""" },
        { "A.14 ~ escape ordering", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]""", """{"/":9,"~1":10}""" },
        { "A.16 add an array value", """{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""" },
        { "~1 addresses a slash", """{"metadata":{"labels":{}}}""", """[{"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"web"}]""", """{"metadata":{"labels":{"app.kubernetes.io/name":"web"}}}""" },
        { "add replaces an existing member", """{"a":1}""", """[{"op":"add","path":"/a","value":2}]""", """{"a":2}""" },
        { "add at the end index appends", """{"a":[1]}""", """[{"op":"add","path":"/a/1","value":2}]""", """{"a":[1,2]}""" },
        { "a negative index counts from the end", """{"a":[1,2,3]}""", """[{"op":"remove","path":"/a/-1"},{"op":"add","path":"/a/-1","value":9}]""", """{"a":[1,2,9]}""" },
        { "copy", """{"a":{"b":[1]}}""", """[{"op":"copy","from":"/a/b","path":"/c"},{"op":"add","path":"/c/-","value":2}]""", """{"a":{"b":[1]},"c":[1,2]}""" },
        { "test compares numbers by value", """{"a":1}""", """[{"op":"test","path":"/a","value":1.0}]""", """{"a":1}""" },
        { "test compares objects regardless of member order", """{"a":{"x":1,"y":[true,null]}}""", """[{"op":"test","path":"/a","value":{"y":[true,null],"x":1}}]""", """{"a":{"x":1,"y":[true,null]}}""" },
        { "replace the whole document", """{"a":1}""", """[{"op":"replace","path":"","value":{"b":2}}]""", """{"b":2}""" },
        { "move to the same place does nothing", """{"a":1}""", """[{"op":"move","from":"/a","path":"/a"}]""", """{"a":1}""" },
        { "kubectl scale style replace", """{"spec":{"replicas":1}}""", """[{"op":"replace","path":"/spec/replicas","value":3}]""", """{"spec":{"replicas":3}}""" },
    };

    // A failing operation with the start of Kubernetes' message.
    public static TheoryData<string, string, string, string> Failures => new()
    {
        { "A.9 a failed test", """{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""", "testing value /baz failed" },
        { "A.12 add to a nonexistent target", """{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""", "add operation does not apply: doc is missing path: /baz/bat" },
        { "A.15 strings are not numbers", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""", "testing value /~01 failed" },
        { "remove a missing member", """{"a":1}""", """[{"op":"remove","path":"/b"}]""", "remove operation does not apply: Unable to remove nonexistent key: b" },
        { "replace a missing member", """{"a":1}""", """[{"op":"replace","path":"/b","value":2}]""", "replace operation does not apply: doc is missing key: /b" },
        { "index past the end", """{"a":[1]}""", """[{"op":"add","path":"/a/3","value":2}]""", "add operation does not apply: Unable to access invalid index: 3" },
        { "remove past the end", """{"a":[1]}""", """[{"op":"remove","path":"/a/1"}]""", "remove operation does not apply: Unable to access invalid index: 1" },
        { "test a missing member", """{"a":1}""", """[{"op":"test","path":"/b","value":null}]""", "testing value /b failed" },
        { "move from a missing member", """{"a":1}""", """[{"op":"move","from":"/b","path":"/c"}]""", "move operation does not apply: doc is missing from path: /b" },
        { "move into its own child", """{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]""", "move operation does not apply" },
        { "copy from a missing member", """{"a":1}""", """[{"op":"copy","from":"/b","path":"/c"}]""", "copy operation does not apply: doc is missing from path: /b" },
        { "unknown op", """{"a":1}""", """[{"op":"frobnicate","path":"/a"}]""", "Unexpected kind: frobnicate" },
        { "missing value", """{"a":1}""", """[{"op":"add","path":"/b"}]""", "add operation is missing the member 'value'" },
        { "missing path", """{"a":1}""", """[{"op":"remove"}]""", "JSON patch operation is missing the string member 'path'" },
        { "bad pointer", """{"a":1}""", """[{"op":"remove","path":"a"}]""", "invalid JSON pointer 'a'" },
        { "bad escape", """{"a":1}""", """[{"op":"remove","path":"/~2"}]""", "invalid JSON pointer '/~2'" },
    };

    [Theory]
    [MemberData(nameof(RfcExamples))]
    public void Applies_operations(string name, string target, string operations, string expected)
    {
        _ = name;
        var result = JsonPatch.Apply(Documents.Json(target), Documents.Json(operations)!.AsArray());

        Assert.True(JsonNode.DeepEquals(Documents.Json(expected), result), $"{name}: {result?.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void Failing_operations_throw_422(string name, string target, string operations, string message)
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(Documents.Json(target), Documents.Json(operations)!.AsArray()));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.True(error.StatusCode == PatchException.UnprocessableEntity, name);
    }

    [Fact]
    public void A_non_object_operation_is_a_bad_request()
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(Documents.Json("{}"), Documents.Json("[1]")!.AsArray()));

        Assert.Equal(PatchException.BadRequest, error.StatusCode);
    }

    [Fact]
    public void Too_many_operations_are_refused_like_Kubernetes()
    {
        var operations = new JsonArray([.. Enumerable.Range(0, JsonPatch.MaxOperations + 1).Select(_ => (JsonNode)new JsonObject { ["op"] = "test", ["path"] = "", ["value"] = 1 })]);

        Assert.Equal(413, Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonValue.Create(1), operations)).StatusCode);
    }

    [Fact]
    public void A_failed_operation_leaves_the_target_untouched()
    {
        var target = Documents.Object("""{"a":[1,2],"b":"x"}""");
        var before = target.ToJsonString();
        var operations = Documents.Json("""[{"op":"remove","path":"/a/0"},{"op":"test","path":"/b","value":"y"}]""")!.AsArray();

        Assert.Throws<PatchException>(() => JsonPatch.Apply(target, operations));
        Assert.Equal(before, target.ToJsonString());
    }

    [Fact]
    public void Does_not_change_its_inputs_and_can_reuse_a_value()
    {
        var target = Documents.Object("""{"a":[]}""");
        var operations = Documents.Json("""[{"op":"add","path":"/a/-","value":{"n":1}},{"op":"add","path":"/a/-","value":{"n":1}}]""")!.AsArray();
        var operationsBefore = operations.ToJsonString();

        var result = JsonPatch.Apply(target, operations);

        Assert.Equal("""{"a":[{"n":1},{"n":1}]}""", result!.ToJsonString());
        Assert.Equal("""{"a":[]}""", target.ToJsonString());
        Assert.Equal(operationsBefore, operations.ToJsonString());
    }
}
