using Orchestrator.Api.Tables;
using Xunit;
using static Orchestrator.Api.Tests.Tables.TableAssert;

namespace Orchestrator.Api.Tests.Tables;

public sealed class SimpleTableConvertorTests
{
    private const string Meta = """ "metadata":{"name":"x","creationTimestamp":"2024-06-01T11:59:00Z"} """;

    [Fact]
    public void Namespaces_show_their_phase()
    {
        Assert.Equal("NAME STATUS AGE", Headers(NamespaceTableConvertor.Instance));
        Assert.Equal(["x", "Terminating", "60s"], Row(NamespaceTableConvertor.Instance, $$$"""{{{{Meta}}}, "status":{"phase":"Terminating"}}"""));
    }

    [Fact]
    public void Config_maps_count_text_and_binary_keys()
    {
        Assert.Equal("NAME DATA AGE", Headers(ConfigMapTableConvertor.Instance));
        Assert.Equal(["x", "3", "60s"], Row(ConfigMapTableConvertor.Instance, $$$"""{{{{Meta}}}, "data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}}"""));
        Assert.Equal("0", Cell(ConfigMapTableConvertor.Instance, """{"metadata":{"name":"x"}}""", "Data"));
    }

    [Fact]
    public void Secrets_show_their_type_and_key_count()
    {
        Assert.Equal("NAME TYPE DATA AGE", Headers(SecretTableConvertor.Instance));
        Assert.Equal(["x", "kubernetes.io/tls", "2", "60s"], Row(SecretTableConvertor.Instance, $$$"""{{{{Meta}}}, "type":"kubernetes.io/tls","data":{"tls.crt":"","tls.key":""}}"""));
    }

    [Fact]
    public void Leases_show_their_holder()
    {
        Assert.Equal("NAME HOLDER AGE", Headers(LeaseTableConvertor.Instance));
        Assert.Equal(["x", "node-1", "60s"], Row(LeaseTableConvertor.Instance, $$$"""{{{{Meta}}}, "spec":{"holderIdentity":"node-1"}}"""));
        Assert.Equal("", Cell(LeaseTableConvertor.Instance, """{"metadata":{"name":"x"},"spec":{}}""", "Holder"));
    }

    [Fact]
    public void Service_accounts_count_their_secrets()
    {
        Assert.Equal("NAME SECRETS AGE", Headers(ServiceAccountTableConvertor.Instance));
        Assert.Equal(["x", "1", "60s"], Row(ServiceAccountTableConvertor.Instance, $$"""{{{Meta}}, "secrets":[{"name":"x-token"}]}"""));
    }

    [Fact]
    public void Integer_cells_are_JSON_numbers()
    {
        var cells = ConfigMapTableConvertor.Instance.Cells(System.Text.Json.Nodes.JsonNode.Parse("""{"data":{"a":"1"}}""")!.AsObject(), Now);

        Assert.Equal(1L, cells[1]!.GetValue<long>());
    }
}
