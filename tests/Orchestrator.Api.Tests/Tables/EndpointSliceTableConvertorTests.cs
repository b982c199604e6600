using Orchestrator.Api.Tables;
using Xunit;
using static Orchestrator.Api.Tests.Tables.TableAssert;

namespace Orchestrator.Api.Tests.Tables;

public sealed class EndpointSliceTableConvertorTests
{
    private readonly EndpointSliceTableConvertor _table = EndpointSliceTableConvertor.Instance;

    [Fact]
    public void Columns_are_Kubernetes()
    {
        Assert.Equal("NAME ADDRESSTYPE PORTS ENDPOINTS AGE", Headers(_table));
    }

    [Fact]
    public void Ports_and_addresses_are_listed_three_at_most()
    {
        const string slice = """
            {"metadata":{"name":"web-x"},"addressType":"IPv4","ports":[{"name":"http","port":80},{"name":"dns"}],
             "endpoints":[{"addresses":["100.64.0.1"]},{"addresses":["100.64.0.2"]},{"addresses":["100.64.0.3"]},{"addresses":["100.64.0.4"]}]}
            """;

        Assert.Equal("IPv4", Cell(_table, slice, "AddressType"));
        Assert.Equal("80,dns", Cell(_table, slice, "Ports"));
        Assert.Equal("100.64.0.1,100.64.0.2,100.64.0.3 + 1 more...", Cell(_table, slice, "Endpoints"));
    }

    [Fact]
    public void Nothing_is_unset()
    {
        const string slice = """{"metadata":{"name":"web-x"},"addressType":"IPv4","endpoints":[]}""";

        Assert.Equal("<unset>", Cell(_table, slice, "Ports"));
        Assert.Equal("<unset>", Cell(_table, slice, "Endpoints"));
    }
}
