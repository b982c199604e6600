using Orchestrator.Api.Tables;
using Xunit;
using static Orchestrator.Api.Tests.Tables.TableAssert;

namespace Orchestrator.Api.Tests.Tables;

public sealed class JobTableConvertorTests
{
    private readonly JobTableConvertor _table = JobTableConvertor.Instance;

    private static string Job(string spec, string status, string metadata = "") => $$$"""
        {"metadata":{"name":"pi","creationTimestamp":"2024-06-01T11:50:00Z"{{{metadata}}}},
         "spec":{"selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"u-1"}},
                 "template":{"spec":{"containers":[{"name":"pi","image":"perl:5.34"}]}},{{{spec}}}},
         "status":{{{status}}}}
        """;

    [Fact]
    public void Columns_are_Kubernetes()
    {
        Assert.Equal("NAME STATUS COMPLETIONS DURATION AGE CONTAINERS* IMAGES* SELECTOR*", Headers(_table));
    }

    [Fact]
    public void A_completed_job_shows_how_long_it_took()
    {
        var row = Row(_table, Job("""
            "completions":1,"parallelism":1
            """, """
            {"succeeded":1,"startTime":"2024-06-01T11:50:02Z","completionTime":"2024-06-01T11:50:27Z",
             "conditions":[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}]}
            """));

        Assert.Equal(["pi", "Complete", "1/1", "25s", "10m", "pi", "perl:5.34", "batch.kubernetes.io/controller-uid=u-1"], row);
    }

    [Fact]
    public void A_running_job_counts_its_duration_until_now()
    {
        var row = Row(_table, Job("\"completions\":5,\"parallelism\":2", """{"active":2,"succeeded":3,"startTime":"2024-06-01T11:57:00Z"}"""));

        Assert.Equal(["Running", "3/5", "3m"], row.Skip(1).Take(3));
    }

    [Theory]
    [InlineData("\"parallelism\":3", "0/1 of 3")]
    [InlineData("\"parallelism\":1", "0/1")]
    public void Work_queue_jobs_complete_at_one(string spec, string completions)
    {
        Assert.Equal(completions, Cell(_table, Job(spec, "{}"), "Completions"));
        Assert.Equal("", Cell(_table, Job(spec, "{}"), "Duration"));
    }

    [Theory]
    [InlineData("""[{"type":"Failed","status":"True","reason":"BackoffLimitExceeded"}]""", "", "Failed")]
    [InlineData("""[{"type":"Suspended","status":"True"}]""", "", "Suspended")]
    [InlineData("""[{"type":"FailureTarget","status":"True"}]""", "", "FailureTarget")]
    [InlineData("""[{"type":"Complete","status":"False"}]""", "", "Running")]
    [InlineData("""[{"type":"Suspended","status":"True"}]""", ""","deletionTimestamp":"2024-06-01T11:59:00Z" """, "Terminating")]
    public void The_status_follows_the_conditions(string conditions, string metadata, string status)
    {
        Assert.Equal(status, Cell(_table, Job("\"completions\":1", $$"""{"conditions":{{conditions}}}""", metadata), "Status"));
    }
}
