using Orchestrator.Scheduler.Tests.TestSupport;
using Xunit;
using static Orchestrator.Scheduler.Tests.TestSupport.PodBuilder;

namespace Orchestrator.Scheduler.Tests.Framework;

/// <summary>A pod's requests as Kubernetes' resource.PodRequests computes them (fit.go's worked example and the sidecar KEP's).</summary>
public sealed class PodRequestsTests
{
    [Fact]
    public void Containers_are_summed_in_scheduler_units()
    {
        var requests = Pod().Container("cpu", "500m", "memory", "1Gi").Container("cpu", "1.5", "memory", "512Mi", "ephemeral-storage", "1G").Info().Requests;

        Assert.Equal(2000, requests.MilliCpu);
        Assert.Equal(1536L * 1024 * 1024, requests.Memory);
        Assert.Equal(1_000_000_000, requests.EphemeralStorage);
    }

    [Fact]
    public void The_largest_init_container_counts_when_it_exceeds_the_containers()
    {
        // fit.go's example: IC1 2 cpu 1G, IC2 2 cpu 3G; C1 2 cpu 1G, C2 1 cpu 1G → 3 cpu, 3G.
        var requests = Pod()
            .InitContainer("cpu", "2", "memory", "1G").InitContainer("cpu", "2", "memory", "3G")
            .Container("cpu", "2", "memory", "1G").Container("cpu", "1", "memory", "1G")
            .Info().Requests;

        Assert.Equal(3000, requests.MilliCpu);
        Assert.Equal(3_000_000_000, requests.Memory);
    }

    [Fact]
    public void Sidecars_add_to_the_containers_and_to_every_later_init_container()
    {
        // Sidecar 1 cpu; init 3 cpu runs beside it (4); containers 1 cpu + sidecar = 2. Max is 4.
        var requests = Pod().Sidecar("cpu", "1").InitContainer("cpu", "3").Container("cpu", "1").Info().Requests;
        Assert.Equal(4000, requests.MilliCpu);

        // An init container before the sidecar does not run beside it: max(3, 1 + 1) = 3.
        var earlier = Pod().InitContainer("cpu", "3").Sidecar("cpu", "1").Container("cpu", "1").Info().Requests;
        Assert.Equal(3000, earlier.MilliCpu);

        // Small init containers: the sidecar still adds to the sum, 2 + 1 = 3.
        var small = Pod().Sidecar("cpu", "1").InitContainer("cpu", "500m").Container("cpu", "2").Info().Requests;
        Assert.Equal(3000, small.MilliCpu);
    }

    [Fact]
    public void Overhead_is_added_on_top()
    {
        var requests = Pod().InitContainer("cpu", "2").Container("cpu", "1", "memory", "1Gi").Overhead("cpu", "250m", "memory", "120Mi").Info().Requests;

        Assert.Equal(2250, requests.MilliCpu);
        Assert.Equal((1024L + 120) * 1024 * 1024, requests.Memory);
    }

    [Fact]
    public void Pod_level_requests_replace_cpu_and_memory_but_not_other_resources()
    {
        var requests = Pod().Container("cpu", "1", "memory", "1Gi", "ephemeral-storage", "1Gi").PodRequests("cpu", "3", "memory", "2Gi").Info().Requests;

        Assert.Equal(3000, requests.MilliCpu);
        Assert.Equal(2L * 1024 * 1024 * 1024, requests.Memory);
        Assert.Equal(1L * 1024 * 1024 * 1024, requests.EphemeralStorage);
    }

    [Fact]
    public void Extended_resources_and_hugepages_are_scalars_unknown_plain_names_are_ignored()
    {
        var requests = Pod().Container("example.com/gpu", "2", "hugepages-2Mi", "4Mi", "widgets", "3", "cpu", "100m").Info().Requests;

        Assert.Equal(
            [new KeyValuePair<string, long>("example.com/gpu", 2), new KeyValuePair<string, long>("hugepages-2Mi", 4L * 1024 * 1024)],
            requests.Scalars);
        Assert.Equal(2, requests.Scalar("example.com/gpu"));
        Assert.Equal(0, requests.Scalar("widgets"));
    }

    [Fact]
    public void Fractional_millicores_round_up_after_summing()
    {
        // 0.5m + 0.5m is exactly 1m; rounding each container up first would give 2m.
        var requests = Pod().Container("cpu", "500u").Container("cpu", "500u").Info().Requests;
        Assert.Equal(1, requests.MilliCpu);
    }

    [Fact]
    public void Request_less_containers_count_as_100m_and_200Mi_when_spreading()
    {
        var empty = Pod().Container().Container().Info().Requests;
        Assert.True(empty.IsZero);
        Assert.Equal(200, empty.NonZeroMilliCpu);
        Assert.Equal(400L * 1024 * 1024, empty.NonZeroMemory);
        Assert.Equal(200, empty.ScoringMilliCpu);

        // The node's accounting defaults a resource only when no container asks for it; the incoming
        // pod's score defaults it per container that does not.
        var mixed = Pod().Container("cpu", "500m").Container().Info().Requests;
        Assert.Equal(500, mixed.NonZeroMilliCpu);
        Assert.Equal(600, mixed.ScoringMilliCpu);
        Assert.Equal(400L * 1024 * 1024, mixed.NonZeroMemory);

        // An explicit zero is a request: it is not replaced.
        var zero = Pod().Container("cpu", "0", "memory", "0").Info().Requests;
        Assert.Equal(0, zero.NonZeroMilliCpu);
        Assert.Equal(0, zero.ScoringMemory);
    }

    [Fact]
    public void A_quantity_beyond_int64_saturates()
    {
        var requests = Pod().Container("memory", "1E20").Info().Requests;
        Assert.Equal(long.MaxValue, requests.Memory);
    }
}
