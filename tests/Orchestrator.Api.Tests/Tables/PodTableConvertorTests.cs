using Orchestrator.Api.Tables;
using Xunit;
using static Orchestrator.Api.Tests.Tables.TableAssert;

namespace Orchestrator.Api.Tests.Tables;

public sealed class PodTableConvertorTests
{
    private readonly PodTableConvertor _table = PodTableConvertor.Instance;

    private static string Pod(string status, string spec = """{"containers":[{"name":"web"}]}""", string metadata = "") => $$"""
        {"metadata":{"name":"web-1","creationTimestamp":"2024-06-01T11:00:00Z"{{metadata}}},"spec":{{spec}},"status":{{status}}}
        """;

    [Fact]
    public void Columns_are_Kubernetes_with_the_wide_ones_last()
    {
        Assert.Equal("NAME READY STATUS RESTARTS AGE IP* NODE* NOMINATED NODE* READINESS GATES*", Headers(_table));
        Assert.Equal("name", _table.Columns[0].Format);
        Assert.All(_table.Columns, c => Assert.Equal("string", c.Type));
    }

    [Fact]
    public void A_running_pod_with_one_of_two_containers_ready_and_three_restarts()
    {
        var row = Row(_table, Pod("""
            {"phase":"Running","podIP":"10.244.1.5","podIPs":[{"ip":"10.244.1.5"}],
             "conditions":[{"type":"Ready","status":"False"}],
             "containerStatuses":[
               {"name":"web","ready":true,"restartCount":3,"state":{"running":{"startedAt":"2024-06-01T11:55:10Z"}},
                "lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled","finishedAt":"2024-06-01T11:55:00Z"}}},
               {"name":"sidecar","ready":false,"restartCount":0,"state":{"running":{"startedAt":"2024-06-01T11:00:05Z"}}}]}
            """, """{"nodeName":"node-1","containers":[{"name":"web"},{"name":"sidecar"}]}"""));

        Assert.Equal(["web-1", "1/2", "Running", "3 (5m ago)", "60m", "10.244.1.5", "node-1", "<none>", "<none>"], row);
    }

    [Fact]
    public void A_pending_pod_shows_its_phase_and_nones()
    {
        Assert.Equal(["web-1", "0/1", "Pending", "0", "60m", "<none>", "<none>", "<none>", "<none>"], Row(_table, Pod("""{"phase":"Pending"}""")));
    }

    [Theory]
    [InlineData("""{"waiting":{"reason":"CrashLoopBackOff"}}""", "CrashLoopBackOff")]
    [InlineData("""{"waiting":{"reason":"ContainerCreating"}}""", "ContainerCreating")]
    [InlineData("""{"terminated":{"exitCode":0,"reason":"Completed"}}""", "Completed")]
    [InlineData("""{"terminated":{"exitCode":1}}""", "ExitCode:1")]
    [InlineData("""{"terminated":{"exitCode":137,"signal":9}}""", "Signal:9")]
    [InlineData("""{"waiting":{}}""", "Running")]
    public void A_container_that_is_not_running_names_the_status(string state, string status)
    {
        Assert.Equal(status, Cell(_table, Pod($$"""{"phase":"Running","containerStatuses":[{"name":"web","ready":false,"restartCount":0,"state":{{state}}}]}"""), "Status"));
    }

    [Fact]
    public void The_first_container_that_is_not_well_wins()
    {
        var status = Pod("""
            {"phase":"Running","containerStatuses":[
              {"name":"a","state":{"waiting":{"reason":"ImagePullBackOff"}}},
              {"name":"b","state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}
            """, """{"containers":[{"name":"a"},{"name":"b"}]}""");

        Assert.Equal("ImagePullBackOff", Cell(_table, status, "Status"));
    }

    [Theory]
    [InlineData("""{"running":{}}""", "Init:0/2")]
    [InlineData("""{"waiting":{"reason":"PodInitializing"}}""", "Init:0/2")]
    [InlineData("""{"waiting":{"reason":"ImagePullBackOff"}}""", "Init:ImagePullBackOff")]
    [InlineData("""{"terminated":{"exitCode":1,"reason":"Error"}}""", "Init:Error")]
    [InlineData("""{"terminated":{"exitCode":2}}""", "Init:ExitCode:2")]
    [InlineData("""{"terminated":{"exitCode":143,"signal":15}}""", "Init:Signal:15")]
    public void Init_containers_report_their_progress(string state, string status)
    {
        var pod = Pod($$$$"""
            {"phase":"Pending","initContainerStatuses":[{"name":"migrate","restartCount":0,"state":{{{{state}}}}},{"name":"seed","state":{"waiting":{"reason":"PodInitializing"}}}],
             "containerStatuses":[{"name":"web","state":{"waiting":{"reason":"PodInitializing"}}}]}
            """, """{"initContainers":[{"name":"migrate"},{"name":"seed"}],"containers":[{"name":"web"}]}""");

        Assert.Equal(status, Cell(_table, pod, "Status"));
    }

    [Fact]
    public void The_second_init_container_counts_from_one()
    {
        var pod = Pod("""
            {"phase":"Pending","initContainerStatuses":[{"name":"migrate","state":{"terminated":{"exitCode":0}}},{"name":"seed","state":{"running":{}}}]}
            """, """{"initContainers":[{"name":"migrate"},{"name":"seed"}],"containers":[{"name":"web"}]}""");

        Assert.Equal("Init:1/2", Cell(_table, pod, "Status"));
    }

    [Fact]
    public void Started_sidecars_count_as_containers_and_their_restarts_stay_after_initialization()
    {
        var pod = Pod("""
            {"phase":"Running","conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"True"}],
             "initContainerStatuses":[{"name":"proxy","ready":true,"started":true,"restartCount":2,"state":{"running":{}},
                                       "lastState":{"terminated":{"exitCode":1,"finishedAt":"2024-06-01T11:30:00Z"}}}],
             "containerStatuses":[{"name":"web","ready":true,"restartCount":1,"state":{"running":{}},
                                   "lastState":{"terminated":{"exitCode":1,"finishedAt":"2024-06-01T11:58:00Z"}}}]}
            """, """{"initContainers":[{"name":"proxy","restartPolicy":"Always"}],"containers":[{"name":"web"}]}""");

        var row = Row(_table, pod);

        Assert.Equal("2/2", row[1]);
        Assert.Equal("Running", row[2]);
        Assert.Equal("3 (2m ago)", row[3]);
    }

    [Fact]
    public void A_completed_container_beside_a_running_one_is_running_or_not_ready()
    {
        static string StatusWith(string readyCondition) => $$$$"""
            {"phase":"Running","conditions":[{"type":"Ready","status":"{{{{readyCondition}}}}"}],"containerStatuses":[
              {"name":"a","ready":false,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
              {"name":"b","ready":true,"state":{"running":{}}}]}
            """;
        const string Spec = """{"containers":[{"name":"a"},{"name":"b"}]}""";

        Assert.Equal("Running", Cell(_table, Pod(StatusWith("True"), Spec), "Status"));
        Assert.Equal("NotReady", Cell(_table, Pod(StatusWith("False"), Spec), "Status"));
    }

    [Theory]
    [InlineData("Running", "", "Terminating")]
    [InlineData("Running", "NodeLost", "Unknown")]
    [InlineData("Succeeded", "", "Succeeded")]
    public void A_deleted_pod_is_terminating_unless_finished(string phase, string reason, string status)
    {
        var pod = Pod($$"""{"phase":"{{phase}}","reason":"{{reason}}"}""", metadata: ""","deletionTimestamp":"2024-06-01T11:59:00Z" """);

        Assert.Equal(status, Cell(_table, pod, "Status"));
    }

    [Fact]
    public void The_pod_reason_and_scheduling_gates_replace_the_phase()
    {
        Assert.Equal("Evicted", Cell(_table, Pod("""{"phase":"Failed","reason":"Evicted"}"""), "Status"));
        Assert.Equal("SchedulingGated", Cell(_table, Pod("""{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]}"""), "Status"));
    }

    [Fact]
    public void Restarts_without_a_finish_time_have_no_suffix()
    {
        Assert.Equal("4", Cell(_table, Pod("""{"phase":"Running","containerStatuses":[{"name":"web","ready":true,"restartCount":4,"state":{"running":{}}}]}"""), "Restarts"));
    }

    [Fact]
    public void Wide_cells_show_the_nominated_node_and_readiness_gates()
    {
        var pod = Pod("""
            {"phase":"Pending","nominatedNodeName":"node-2","podIP":"10.244.3.3",
             "conditions":[{"type":"example.com/lb","status":"True"},{"type":"example.com/db","status":"False"}]}
            """, """{"containers":[{"name":"web"}],"readinessGates":[{"conditionType":"example.com/lb"},{"conditionType":"example.com/db"}]}""");

        var row = Row(_table, pod);

        Assert.Equal(["10.244.3.3", "<none>", "node-2", "1/2"], row.Skip(5));
    }
}
