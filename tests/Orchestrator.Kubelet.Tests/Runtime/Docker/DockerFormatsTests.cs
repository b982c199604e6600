using Docker.DotNet.Models;
using Orchestrator.Kubelet.Runtime;
using Orchestrator.Kubelet.Runtime.Docker;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Runtime.Docker;

/// <summary>The engine's formats as the runtime reads and writes them: times, image references, events.</summary>
public sealed class DockerFormatsTests
{
    [Fact]
    public void Engine_times_keep_their_nanoseconds_to_a_tick_and_the_zero_time_is_none()
    {
        var time = DockerTimes.Parse("2026-12-04T13:07:27.312291386Z");
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 13, 7, 27, TimeSpan.Zero).AddTicks(3122913), time);
        Assert.Null(DockerTimes.Parse("0001-01-01T00:00:00Z"));
        Assert.Null(DockerTimes.Parse("not a time"));
        Assert.Equal("1796389647.312291300", DockerTimes.ToUnixSeconds(time!.Value));
    }

    [Theory]
    [InlineData("busybox", "busybox", "latest")]
    [InlineData("busybox:local", "busybox", "local")]
    [InlineData("127.0.0.1:5000/team/app", "127.0.0.1:5000/team/app", "latest")]
    [InlineData("127.0.0.1:5000/team/app:v2", "127.0.0.1:5000/team/app", "v2")]
    [InlineData("app@sha256:abcd", "app@sha256:abcd", null)]
    public void Image_references_split_into_repository_and_tag(string image, string repository, string? tag) =>
        Assert.Equal((repository, tag), ImageReference.Split(image));

    [Fact]
    public void Container_events_keep_labels_and_drop_the_engines_attributes()
    {
        var message = new Message
        {
            Type = "container",
            Action = "die",
            Actor = new Actor { ID = "abc", Attributes = new Dictionary<string, string> { ["exitCode"] = "3", ["name"] = "k8s_x", [RuntimeLabels.PodUid] = "u1" } },
        };
        var containerEvent = DockerEvents.From(message);
        Assert.NotNull(containerEvent);
        Assert.Equal(("abc", ContainerEventKind.Exited), (containerEvent.ContainerId, containerEvent.Kind));
        Assert.Equal(new Dictionary<string, string> { [RuntimeLabels.PodUid] = "u1" }, containerEvent.Labels);
        Assert.Null(DockerEvents.From(new Message { Type = "container", Action = "exec_start: sh", Actor = new Actor { ID = "abc" } }));
        Assert.Null(DockerEvents.From(new Message { Type = "image", Action = "delete", Actor = new Actor { ID = "sha256:1" } }));
    }
}
