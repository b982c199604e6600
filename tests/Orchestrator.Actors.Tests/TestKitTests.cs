using Orchestrator.Actors;
using Orchestrator.Hocon;
using Orchestrator.TestKit;
using Xunit;
using Xunit.Sdk;

namespace Orchestrator.Actors.Tests;

public sealed class TestKitTests : TestKit.TestKit
{
    [Fact]
    public void The_default_timeouts_come_from_configuration()
    {
        var settings = TestKitSettings.FromConfig(Config.ParseString("orchestrator.test { default-timeout = 7s, no-message-duration = 5ms }"));
        Assert.Equal(TestKitSettings.Dilated(TimeSpan.FromSeconds(7)), settings.DefaultTimeout);
        Assert.Equal(TestKitSettings.Dilated(TimeSpan.FromMilliseconds(5)), settings.DefaultNoMessageDuration);
        Assert.Equal(TestKitSettings.Dilated(TimeSpan.FromSeconds(3)), TestKitSettings.Default.DefaultTimeout);
    }

    [Fact]
    public async Task Within_bounds_the_expects_inside_it()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        await WithinAsync(TimeSpan.FromSeconds(2), async () =>
        {
            echo.Tell("in time", TestActor);
            await ExpectMsgAsync<string>("in time");
        });

        var probe = CreateTestProbe();
        await Assert.ThrowsAsync<XunitException>(() => probe.WithinAsync(TimeSpan.FromMilliseconds(100), () => probe.ExpectMsgAsync<string>()));
        await Assert.ThrowsAsync<XunitException>(() => probe.WithinAsync(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), () => Task.FromResult(0)));
    }

    [Fact]
    public async Task ExpectMsg_fails_on_the_wrong_message_and_on_silence()
    {
        TestActor.Tell(42, ActorRefs.NoSender);
        await Assert.ThrowsAsync<XunitException>(() => ExpectMsgAsync<string>());
        await Assert.ThrowsAsync<XunitException>(() => ExpectMsgAsync<string>(timeout: TimeSpan.FromMilliseconds(50)));
        TestActor.Tell("unexpected", ActorRefs.NoSender);
        await Assert.ThrowsAsync<XunitException>(() => ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200)));
    }
}
