using Orchestrator.Api.Tables;
using Xunit;
using static Orchestrator.Api.Tests.Tables.TableAssert;

namespace Orchestrator.Api.Tests.Tables;

public sealed class WorkloadTableConvertorTests
{
    private const string Template = """
        "template":{"metadata":{"labels":{"app":"web"}},"spec":{"nodeSelector":{"kubernetes.io/os":"linux"},
          "containers":[{"name":"web","image":"nginx:1.25"},{"name":"log","image":"busybox"}]}}
        """;

    [Fact]
    public void Deployments_show_ready_over_desired()
    {
        var table = DeploymentTableConvertor.Instance;
        var row = Row(table, $$$"""
            {"metadata":{"name":"web","creationTimestamp":"2024-06-01T09:00:00Z"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},{{{Template}}}},
             "status":{"replicas":3,"updatedReplicas":3,"readyReplicas":2,"availableReplicas":2}}
            """);

        Assert.Equal("NAME READY UP-TO-DATE AVAILABLE AGE CONTAINERS* IMAGES* SELECTOR*", Headers(table));
        Assert.Equal(["web", "2/3", "3", "2", "3h", "web,log", "nginx:1.25,busybox", "app=web"], row);
    }

    [Fact]
    public void A_new_deployment_without_status_reads_zero()
    {
        Assert.Equal(["web", "0/1", "0", "0", "<unknown>"], NarrowRow(DeploymentTableConvertor.Instance, """{"metadata":{"name":"web"},"spec":{"replicas":1}}"""));
    }

    [Fact]
    public void Replica_sets_show_desired_current_and_ready_as_integers()
    {
        var table = ReplicaSetTableConvertor.Instance;
        var row = Row(table, $$$"""
            {"metadata":{"name":"web-5d4f","creationTimestamp":"2024-06-01T11:58:00Z"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"pod-template-hash","operator":"Exists"}]},{{{Template}}}},
             "status":{"replicas":3,"readyReplicas":1}}
            """);

        Assert.Equal("NAME DESIRED CURRENT READY AGE CONTAINERS* IMAGES* SELECTOR*", Headers(table));
        Assert.Equal(["web-5d4f", "3", "3", "1", "2m", "web,log", "nginx:1.25,busybox", "app=web,pod-template-hash"], row);
        Assert.All(table.Columns.Skip(1).Take(3), c => Assert.Equal("integer", c.Type));
    }

    [Fact]
    public void Daemon_sets_show_their_counters_and_node_selector()
    {
        var table = DaemonSetTableConvertor.Instance;
        var row = Row(table, $$$"""
            {"metadata":{"name":"agent","creationTimestamp":"2024-05-01T12:00:00Z"},
             "spec":{"selector":{"matchLabels":{"app":"agent"}},{{{Template}}}},
             "status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,"updatedNumberScheduled":3,"numberAvailable":2}}
            """);

        Assert.Equal("NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE CONTAINERS* IMAGES* SELECTOR*", Headers(table));
        Assert.Equal(["agent", "3", "3", "2", "3", "2", "kubernetes.io/os=linux", "31d", "web,log", "nginx:1.25,busybox", "app=agent"], row);
        Assert.Equal("<none>", Cell(table, """{"metadata":{"name":"agent"},"spec":{"template":{"spec":{}}}}""", "Node Selector"));
    }
}
