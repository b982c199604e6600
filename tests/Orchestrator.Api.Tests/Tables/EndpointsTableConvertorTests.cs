using Orchestrator.Api.Tables;
using Xunit;
using static Orchestrator.Api.Tests.Tables.TableAssert;

namespace Orchestrator.Api.Tests.Tables;

public sealed class EndpointsTableConvertorTests
{
    private readonly EndpointsTableConvertor _table = EndpointsTableConvertor.Instance;

    private string Endpoints(string subsets) => Cell(_table, $$"""{"metadata":{"name":"web"},"subsets":{{subsets}}}""", "Endpoints");

    [Fact]
    public void Columns_are_Kubernetes()
    {
        Assert.Equal("NAME ENDPOINTS AGE", Headers(_table));
    }

    [Fact]
    public void Ready_addresses_are_paired_with_each_port()
    {
        Assert.Equal("10.244.1.5:8080,10.244.2.7:8080", Endpoints("""
            [{"addresses":[{"ip":"10.244.1.5"},{"ip":"10.244.2.7"}],"notReadyAddresses":[{"ip":"10.244.3.9"}],"ports":[{"port":8080}]}]
            """));
    }

    [Fact]
    public void Beyond_three_the_rest_are_counted()
    {
        Assert.Equal("10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...", Endpoints("""
            [{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}],"ports":[{"name":"http","port":80},{"name":"https","port":443}]}]
            """));
    }

    [Fact]
    public void Headless_subsets_without_ports_list_bare_addresses_and_IPv6_is_bracketed()
    {
        Assert.Equal("10.0.0.1,fd00::5", Endpoints("""[{"addresses":[{"ip":"10.0.0.1"},{"ip":"fd00::5"}]}]"""));
        Assert.Equal("[fd00::5]:80", Endpoints("""[{"addresses":[{"ip":"fd00::5"}],"ports":[{"port":80}]}]"""));
    }

    [Fact]
    public void No_subsets_is_none_and_only_unready_addresses_is_empty()
    {
        Assert.Equal("<none>", Cell(_table, """{"metadata":{"name":"web"}}""", "Endpoints"));
        Assert.Equal("", Endpoints("""[{"notReadyAddresses":[{"ip":"10.0.0.1"}],"ports":[{"port":80}]}]"""));
    }
}
