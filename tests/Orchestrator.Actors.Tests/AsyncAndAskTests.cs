using Orchestrator.Actors;
using Xunit;

namespace Orchestrator.Actors.Tests;

public sealed class AsyncAndAskTests : TestKit.TestKit
{
    [Fact]
    public async Task Ask_returns_the_reply()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Assert.Equal("hi", await echo.Ask<string>("hi", TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Ask_times_out_with_AskTimeoutException()
    {
        var silent = Sys.ActorOf(Props.Create<Silent>());
        var ex = await Assert.ThrowsAsync<AskTimeoutException>(() => silent.Ask<string>("hello?", TimeSpan.FromMilliseconds(100)));
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_rethrows_a_Status_Failure_reply()
    {
        var failing = Sys.ActorOf(Props.Create<RepliesFailure>());
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.Ask<string>("x", TimeSpan.FromSeconds(3)));
        Assert.Equal("refused", ex.Message);
    }

    [Fact]
    public async Task Ask_with_a_reply_of_the_wrong_type_says_so()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<int>("not an int", TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task ReceiveAsync_holds_the_mailbox_until_the_task_completes_and_keeps_the_sender()
    {
        var actor = Sys.ActorOf(Props.Create<SlowAsync>());
        actor.Tell(50, TestActor);
        actor.Tell(0, TestActor);
        Assert.Equal("done 50", await ExpectMsgAsync<string>());
        Assert.Equal(actor, LastSender);
        Assert.Equal("done 0", await ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task Async_continuations_run_on_the_actor_one_at_a_time()
    {
        var actor = Sys.ActorOf(Props.Create<ConcurrencyDetector>());
        for (var i = 0; i < 200; i++)
        {
            actor.Tell(i, TestActor);
        }

        actor.Tell("report", TestActor);
        Assert.Equal("max-concurrency 1 handled 200", await ExpectMsgAsync<string>(timeout: TimeSpan.FromSeconds(10)));
    }

    private sealed class Silent : ReceiveActor
    {
        public Silent() => ReceiveAny(_ => { });
    }

    private sealed class RepliesFailure : ReceiveActor
    {
        public RepliesFailure() => ReceiveAny(_ => Sender.Tell(new Status.Failure(new InvalidOperationException("refused")), Self));
    }

    private sealed class SlowAsync : ReceiveActor
    {
        public SlowAsync() => ReceiveAsync<int>(async delay =>
        {
            await Task.Delay(delay);
            await Task.Yield();
            Sender.Tell($"done {delay}", Self);
        });
    }

    private sealed class ConcurrencyDetector : ReceiveActor
    {
        private int _inside;
        private int _max;
        private int _handled;

        public ConcurrencyDetector()
        {
            ReceiveAsync<int>(async _ =>
            {
                _max = Math.Max(_max, ++_inside);
                await Task.Yield();
                _max = Math.Max(_max, _inside);
                await Task.Delay(1);
                _inside--;
                _handled++;
            });
            Receive<string>(_ => Sender.Tell($"max-concurrency {_max} handled {_handled}", Self));
        }
    }
}
