using Orchestrator.Api.Tables;
using Xunit;
using static Orchestrator.Api.Tests.Tables.TableAssert;

namespace Orchestrator.Api.Tests.Tables;

public sealed class NodeTableConvertorTests
{
    private readonly NodeTableConvertor _table = NodeTableConvertor.Instance;

    [Fact]
    public void Columns_are_Kubernetes()
    {
        Assert.Equal("NAME STATUS ROLES AGE VERSION INTERNAL-IP* EXTERNAL-IP* OS-IMAGE* KERNEL-VERSION* CONTAINER-RUNTIME*", Headers(_table));
    }

    [Fact]
    public void A_ready_cordoned_control_plane_node()
    {
        var row = Row(_table, """
            {"metadata":{"name":"cp-1","creationTimestamp":"2024-05-30T12:00:00Z",
                         "labels":{"node-role.kubernetes.io/control-plane":"","node-role.kubernetes.io/worker":"","kubernetes.io/hostname":"cp-1"}},
             "spec":{"unschedulable":true},
             "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}],
                       "addresses":[{"type":"Hostname","address":"cp-1"},{"type":"InternalIP","address":"192.168.1.10"}],
                       "nodeInfo":{"kubeletVersion":"v1.31.0","osImage":"Debian GNU/Linux 12 (bookworm)","kernelVersion":"6.1.0-18-amd64","containerRuntimeVersion":"docker://24.0.7"}}}
            """);

        Assert.Equal(["cp-1", "Ready,SchedulingDisabled", "control-plane,worker", "2d", "v1.31.0", "192.168.1.10", "<none>", "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64", "docker://24.0.7"], row);
    }

    [Theory]
    [InlineData("""[{"type":"Ready","status":"False"}]""", "NotReady")]
    [InlineData("""[{"type":"Ready","status":"Unknown"}]""", "NotReady")]
    [InlineData("""[]""", "Unknown")]
    public void The_status_comes_from_the_ready_condition(string conditions, string status)
    {
        Assert.Equal(status, Cell(_table, $$$"""{"metadata":{"name":"n"},"status":{"conditions":{{{conditions}}}}}""", "Status"));
    }

    [Fact]
    public void A_node_without_roles_or_info_shows_placeholders()
    {
        var row = Row(_table, """{"metadata":{"name":"n","labels":{"kubernetes.io/role":"edge"}}}""");

        Assert.Equal("edge", row[2]);
        Assert.Equal(["<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"], row.Skip(5));
        Assert.Equal("<none>", Cell(_table, """{"metadata":{"name":"n"}}""", "Roles"));
    }
}
