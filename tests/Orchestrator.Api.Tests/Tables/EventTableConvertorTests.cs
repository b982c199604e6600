using Orchestrator.Api.Tables;
using Xunit;
using static Orchestrator.Api.Tests.Tables.TableAssert;

namespace Orchestrator.Api.Tests.Tables;

public sealed class EventTableConvertorTests
{
    private readonly EventTableConvertor _table = EventTableConvertor.Instance;

    [Fact]
    public void Columns_are_Kubernetes_with_name_last_and_wide()
    {
        Assert.Equal("LAST SEEN TYPE REASON OBJECT SUBOBJECT* SOURCE* MESSAGE FIRST SEEN* COUNT* NAME*", Headers(_table));
    }

    [Fact]
    public void A_core_event_shows_its_times_object_and_source()
    {
        var row = Row(_table, """
            {"metadata":{"name":"web-1.17d1"},"type":"Warning","reason":"BackOff","message":"Back-off restarting failed container\n",
             "involvedObject":{"kind":"Pod","name":"web-1","fieldPath":"spec.containers{web}"},
             "source":{"component":"kubelet","host":"node-1"},
             "firstTimestamp":"2024-06-01T11:00:00Z","lastTimestamp":"2024-06-01T11:59:00Z","count":12}
            """);

        Assert.Equal(["60s", "Warning", "BackOff", "pod/web-1", "spec.containers{web}", "kubelet, node-1", "Back-off restarting failed container", "60m", "12", "web-1.17d1"], row);
    }

    [Fact]
    public void A_new_style_event_uses_event_time_reporting_fields_and_a_count_of_one()
    {
        var row = Row(_table, """
            {"metadata":{"name":"e"},"type":"Normal","reason":"Scheduled","message":"assigned",
             "involvedObject":{"kind":"Node"},"eventTime":"2024-06-01T11:59:50.123456Z",
             "reportingComponent":"default-scheduler","reportingInstance":"default-scheduler-cp-1"}
            """);

        // Fractions of a second are truncated, as Go's duration printing does.
        Assert.Equal(["9s", "Normal", "Scheduled", "node"], row.Take(4));
        Assert.Equal("default-scheduler, default-scheduler-cp-1", row[5]);
        Assert.Equal(["9s", "1"], row.Skip(7).Take(2));
    }

    [Fact]
    public void A_series_reports_its_last_observation_and_count()
    {
        var row = Row(_table, """
            {"metadata":{"name":"e"},"firstTimestamp":"2024-06-01T10:00:00Z","lastTimestamp":"2024-06-01T10:30:00Z","count":2,
             "series":{"count":40,"lastObservedTime":"2024-06-01T11:59:58.000000Z"},"source":{"component":"kubelet"}}
            """);

        Assert.Equal("2s", row[0]);
        Assert.Equal("kubelet", row[5]);
        Assert.Equal("40", row[8]);
    }

    [Fact]
    public void Without_any_time_the_event_is_unknown()
    {
        Assert.Equal("<unknown>", Cell(_table, """{"metadata":{"name":"e"}}""", "Last Seen"));
    }
}
