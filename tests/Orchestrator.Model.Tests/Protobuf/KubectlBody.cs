namespace Orchestrator.Model.Tests.Protobuf;

/// <summary>One captured kubectl request: the command, the protobuf body in hex, and Kubernetes' JSON for it.</summary>
internal sealed record KubectlBody(string Command, string Hex, string Json)
{
    public byte[] Bytes => Convert.FromHexString(Hex);
}
