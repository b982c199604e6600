using Orchestrator.Model.Patching;
using Xunit;

namespace Orchestrator.Model.Tests.Patching;

public sealed class JsonMergePatchTests
{
    // RFC 7386, Appendix A.
    public static TheoryData<string, string, string> RfcExamples => new()
    {
        { """{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""" },
        { """{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""" },
        { """{"a":"b"}""", """{"a":null}""", """{}""" },
        { """{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""" },
        { """{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""" },
        { """{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""" },
        { """{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""" },
        { """{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""" },
        { """["a","b"]""", """["c","d"]""", """["c","d"]""" },
        { """{"a":"b"}""", """["c"]""", """["c"]""" },
        { """{"a":"foo"}""", "null", "null" },
        { """{"a":"foo"}""", "\"bar\"", "\"bar\"" },
        { """{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""" },
        { "[1,2]", """{"a":"b","c":null}""", """{"a":"b"}""" },
        { "{}", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""" },
    };

    [Theory]
    [MemberData(nameof(RfcExamples))]
    public void Applies_the_RFC_7386_examples(string target, string patch, string expected)
    {
        Documents.AssertEqual(Documents.Json(expected), JsonMergePatch.Apply(Documents.Json(target), Documents.Json(patch)));
    }

    [Fact]
    public void A_null_target_is_patched_as_an_empty_object()
    {
        Documents.AssertEqual(Documents.Json("""{"a":1}"""), JsonMergePatch.Apply(null, Documents.Json("""{"a":1,"b":null}""")));
    }

    [Fact]
    public void Does_not_change_its_inputs()
    {
        var target = Documents.Object("""{"metadata":{"labels":{"a":"1"}},"spec":{"replicas":1}}""");
        var patch = Documents.Object("""{"metadata":{"labels":{"a":null,"b":"2"}},"spec":{"replicas":3}}""");
        var targetBefore = target.ToJsonString();
        var patchBefore = patch.ToJsonString();

        var result = JsonMergePatch.Apply(target, patch);

        Documents.AssertEqual(Documents.Json("""{"metadata":{"labels":{"b":"2"}},"spec":{"replicas":3}}"""), result);
        Assert.Equal(targetBefore, target.ToJsonString());
        Assert.Equal(patchBefore, patch.ToJsonString());

        // The result shares no nodes with the inputs.
        result!["spec"]!["replicas"] = 9;
        Assert.Equal(patchBefore, patch.ToJsonString());
    }

    [Fact]
    public void Keeps_member_order_and_appends_new_members()
    {
        var result = JsonMergePatch.Apply(
            Documents.Json("""{"apiVersion":"v1","kind":"ConfigMap","data":{"x":"1"}}"""),
            Documents.Json("""{"data":{"y":"2"},"immutable":true}"""));

        Assert.Equal("""{"apiVersion":"v1","kind":"ConfigMap","data":{"x":"1","y":"2"},"immutable":true}""", result!.ToJsonString());
    }
}
