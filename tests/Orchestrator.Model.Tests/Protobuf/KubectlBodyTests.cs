using Orchestrator.Model.Protobuf;
using Xunit;

namespace Orchestrator.Model.Tests.Protobuf;

/// <summary>Real kubectl 1.32 bodies decode to the JSON Kubernetes renders, and encode back byte for byte.</summary>
public class KubectlBodyTests
{
    public static TheoryData<string> Kinds => [.. KubectlBodies.ByKind.Keys];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decodes_to_the_json_kubernetes_renders(string kind)
    {
        var body = KubectlBodies.ByKind[kind];

        var json = KubeProtobuf.Decode(body.Bytes);

        Documents.AssertEqual(Documents.Json(body.Json), json);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Encodes_back_to_the_bytes_kubectl_sent(string kind)
    {
        var body = KubectlBodies.ByKind[kind];

        var bytes = KubeProtobuf.Encode(Documents.Object(body.Json));

        Assert.Equal(body.Hex, Convert.ToHexStringLower(bytes));
    }
}
