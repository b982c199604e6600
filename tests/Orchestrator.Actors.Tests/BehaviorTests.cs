using Orchestrator.Actors;
using Xunit;

namespace Orchestrator.Actors.Tests;

public sealed class BehaviorTests : TestKit.TestKit
{
    [Fact]
    public async Task Receive_matches_by_type_and_predicate_in_declaration_order()
    {
        var actor = Sys.ActorOf(Props.Create<Classifier>());
        actor.Tell(5, TestActor);
        actor.Tell(-5, TestActor);
        actor.Tell("s", TestActor);
        actor.Tell(1.5, TestActor);
        Assert.Equal("positive", await ExpectMsgAsync<string>());
        Assert.Equal("int", await ExpectMsgAsync<string>());
        Assert.Equal("string", await ExpectMsgAsync<string>());
        Assert.Equal("any", await ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task Become_replaces_and_BecomeStacked_nests_behaviours()
    {
        var actor = Sys.ActorOf(Props.Create<Moody>());
        actor.Tell("mood", TestActor);
        await ExpectMsgAsync<string>("happy");
        actor.Tell("angry", TestActor);
        actor.Tell("mood", TestActor);
        await ExpectMsgAsync<string>("angry");
        actor.Tell("unbecome", TestActor);
        actor.Tell("mood", TestActor);
        await ExpectMsgAsync<string>("happy");
        actor.Tell("sad", TestActor);
        actor.Tell("mood", TestActor);
        await ExpectMsgAsync<string>("sad");
        actor.Tell("unbecome", TestActor);
        actor.Tell("mood", TestActor);
        await ExpectMsgAsync<string>("sad"); // Become replaced the stack's bottom: nothing to pop back to
    }

    [Fact]
    public async Task UntypedActor_becomes_too()
    {
        var actor = Sys.ActorOf(Props.Create<Toggle>());
        actor.Tell("x", TestActor);
        actor.Tell("x", TestActor);
        actor.Tell("x", TestActor);
        Assert.Equal(["on", "off", "on"], (await ReceiveNAsync(3)).Cast<string>());
    }

    [Fact]
    public async Task Stash_and_UnstashAll_keep_the_order()
    {
        var actor = Sys.ActorOf(Props.Create<Gate>());
        actor.Tell("a", TestActor);
        actor.Tell("b", TestActor);
        actor.Tell("c", TestActor);
        await ExpectNoMsgAsync();
        actor.Tell(new Open(), TestActor);
        actor.Tell("d", TestActor);
        Assert.Equal(["a", "b", "c", "d"], (await ReceiveNAsync(4)).Cast<string>());
    }

    [Fact]
    public async Task Unstash_returns_one_message_at_a_time()
    {
        var actor = Sys.ActorOf(Props.Create<OneByOne>());
        actor.Tell("a", TestActor);
        actor.Tell("b", TestActor);
        actor.Tell(new Open(), TestActor);
        Assert.Equal("a", await ExpectMsgAsync<string>());
        await ExpectNoMsgAsync();
        actor.Tell(new Open(), TestActor);
        Assert.Equal("b", await ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task Stashed_messages_survive_a_restart()
    {
        var actor = Sys.ActorOf(Props.Create<Gate>());
        actor.Tell("a", TestActor);
        actor.Tell("fail", TestActor);
        actor.Tell(new Open(), TestActor);
        Assert.Equal("a", await ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task Single_timer_fires_once()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerUser(TestActor)));
        actor.Tell(new StartSingle(TimeSpan.FromMilliseconds(50)), TestActor);
        await ExpectMsgAsync<string>("tick", TimeSpan.FromSeconds(2));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Periodic_timer_repeats_until_cancelled()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerUser(TestActor)));
        actor.Tell(new StartPeriodic(TimeSpan.FromMilliseconds(30)), TestActor);
        for (var i = 0; i < 3; i++)
        {
            await ExpectMsgAsync<string>("tick", TimeSpan.FromSeconds(2));
        }

        actor.Tell("cancel", TestActor);
        await FishForMessageAsync(m => Equals(m, "cancelled"));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Restarting_the_timer_key_replaces_it()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerUser(TestActor)));
        // Far apart, so a test thread delayed on a busy machine cannot mistake the second timer for the first.
        actor.Tell(new StartSingle(TimeSpan.FromMilliseconds(100)), TestActor);
        actor.Tell(new StartSingle(TimeSpan.FromMilliseconds(1500)), TestActor);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(700));
        await ExpectMsgAsync<string>("tick", TimeSpan.FromSeconds(3));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_restart_cancels_timers()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerUser(TestActor)));
        actor.Tell(new StartPeriodic(TimeSpan.FromMilliseconds(50)), TestActor);
        await ExpectMsgAsync<string>("tick", TimeSpan.FromSeconds(2));
        actor.Tell("fail", TestActor);
        await FishForMessageAsync(m => Equals(m, "restarted"));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Timers_work_from_the_constructor()
    {
        Sys.ActorOf(Props.Create(() => new TimerInConstructor(TestActor)));
        await ExpectMsgAsync<string>("tick", TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task The_system_scheduler_tells_once_and_repeatedly_until_cancelled()
    {
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(20), TestActor, "once", ActorRefs.NoSender);
        await ExpectMsgAsync<string>("once", TimeSpan.FromSeconds(2));
        var repeated = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(20), TestActor, "again", ActorRefs.NoSender);
        await ExpectMsgAsync<string>("again", TimeSpan.FromSeconds(2));
        await ExpectMsgAsync<string>("again", TimeSpan.FromSeconds(2));
        repeated.Cancel();
        Assert.True(repeated.IsCancellationRequested);
        await Task.Delay(50);
        await FishForMessageAsync(_ => true, TimeSpan.FromMilliseconds(100)).ContinueWith(_ => { });
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    private sealed record Open;

    private sealed record StartSingle(TimeSpan Delay);

    private sealed record StartPeriodic(TimeSpan Interval);

    private sealed class Classifier : ReceiveActor
    {
        public Classifier()
        {
            Receive<int>(i => i > 0, _ => Sender.Tell("positive", Self));
            Receive<int>(_ => Sender.Tell("int", Self));
            Receive<string>(_ => Sender.Tell("string", Self));
            ReceiveAny(_ => Sender.Tell("any", Self));
        }
    }

    private sealed class Moody : ReceiveActor
    {
        public Moody() => Happy();

        private void Happy()
        {
            Receive<string>(s => s == "mood", _ => Sender.Tell("happy", Self));
            Receive<string>(s => s == "angry", _ => BecomeStacked(Angry));
            Receive<string>(s => s == "sad", _ => Become(Sad));
        }

        private void Angry()
        {
            Receive<string>(s => s == "mood", _ => Sender.Tell("angry", Self));
            Receive<string>(s => s == "unbecome", _ => UnbecomeStacked());
        }

        private void Sad()
        {
            Receive<string>(s => s == "mood", _ => Sender.Tell("sad", Self));
            Receive<string>(s => s == "unbecome", _ => UnbecomeStacked());
        }
    }

    private sealed class Toggle : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            Sender.Tell("on", Self);
            Become(_ =>
            {
                Sender.Tell("off", Self);
                Context.UnbecomeStacked();
                Context.Become(OnReceiveAsBehavior);
            });
        }

        private bool OnReceiveAsBehavior(object message)
        {
            OnReceive(message);
            return true;
        }
    }

    private sealed class Gate : ReceiveActor, IWithStash
    {
        public Gate()
        {
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("fail while closed"));
            Receive<string>(_ => Stash.Stash());
            Receive<Open>(_ =>
            {
                Become(() => Receive<string>(s => Sender.Tell(s, Self)));
                Stash.UnstashAll();
            });
        }

        public IStash Stash { get; set; } = null!;
    }

    private sealed class OneByOne : ReceiveActor, IWithStash
    {
        public OneByOne()
        {
            Receive<string>(s => Sender.Tell(s, Self), _ => false);
            Receive<string>(_ => Stash.Stash());
            Receive<Open>(_ =>
            {
                BecomeStacked(() => Receive<string>(s =>
                {
                    Sender.Tell(s, Self);
                    UnbecomeStacked();
                }));
                Stash.Unstash();
            });
        }

        public IStash Stash { get; set; } = null!;
    }

    private sealed class TimerUser : ReceiveActor, IWithTimers
    {
        private readonly IActorRef _probe;

        public TimerUser(IActorRef probe)
        {
            _probe = probe;
            Receive<StartSingle>(s => Timers.StartSingleTimer("key", "tick", s.Delay));
            Receive<StartPeriodic>(p => Timers.StartPeriodicTimer("key", "tick", p.Interval));
            Receive<string>(s => s == "tick", s => probe.Tell(s, Self));
            Receive<string>(s => s == "cancel", _ =>
            {
                Timers.Cancel("key");
                probe.Tell(Timers.IsTimerActive("key") ? "still-active" : "cancelled", Self);
            });
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("restart me"));
        }

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void PostRestart(Exception reason) => _probe.Tell("restarted", Self);
    }

    private sealed class TimerInConstructor : ReceiveActor, IWithTimers
    {
        public TimerInConstructor(IActorRef probe)
        {
            Timers.StartSingleTimer("k", "tick", TimeSpan.FromMilliseconds(10));
            Receive<string>(s => probe.Tell(s, Self));
        }

        public ITimerScheduler Timers { get; set; } = null!;
    }
}
