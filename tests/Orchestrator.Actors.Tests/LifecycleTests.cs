using Orchestrator.Actors;
using Xunit;

namespace Orchestrator.Actors.Tests;

public sealed class LifecycleTests : TestKit.TestKit
{
    [Fact]
    public async Task PreStart_runs_before_messages_and_PostStop_after_stop()
    {
        var actor = Sys.ActorOf(Props.Create(() => new LifecycleActor(TestActor)));
        actor.Tell("one", TestActor);
        Assert.Equal("preStart", await ExpectMsgAsync<string>());
        Assert.Equal("one", await ExpectMsgAsync<string>());
        Sys.Stop(actor);
        Assert.Equal("postStop", await ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task A_system_with_a_hundred_thousand_actors_terminates()
    {
        // Every actor stops at once and reports to the guardian from several threads: a long, contended
        // system-message queue, which once overflowed the stack when a failed exchange compared messages.
        await using var system = ActorSystem.Create("many");
        var props = Props.Create(() => new EchoActor());
        for (var i = 0; i < 100_000; i++)
        {
            system.ActorOf(props);
        }

        await system.Terminate();
        var stopped = await Task.WhenAny(system.WhenTerminated, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(system.WhenTerminated, stopped);
    }

    [Fact]
    public async Task PoisonPill_stops_after_earlier_messages()
    {
        var actor = Sys.ActorOf(Props.Create(() => new LifecycleActor(TestActor)));
        Watch(actor);
        actor.Tell("a", TestActor);
        actor.Tell(PoisonPill.Instance, TestActor);
        actor.Tell("after", TestActor);
        Assert.Equal("preStart", await ExpectMsgAsync<string>());
        Assert.Equal("a", await ExpectMsgAsync<string>());
        Assert.Equal("postStop", await ExpectMsgAsync<string>());
        var terminated = await ExpectTerminatedAsync(actor);
        Assert.True(terminated.ExistenceConfirmed);
        await ExpectNoMsgAsync();
    }

    [Fact]
    public async Task Kill_fails_the_actor_and_the_default_strategy_stops_it()
    {
        var actor = Sys.ActorOf(Props.Create(() => new LifecycleActor(TestActor)));
        Watch(actor);
        await ExpectMsgAsync<string>("preStart");
        actor.Tell(Kill.Instance);
        await ExpectMsgAsync<string>("postStop");
        await ExpectTerminatedAsync(actor);
    }

    [Fact]
    public async Task GracefulStop_completes_when_the_actor_is_gone()
    {
        var actor = Sys.ActorOf(Props.Create(() => new LifecycleActor(TestActor)));
        await ExpectMsgAsync<string>("preStart");
        Assert.True(await actor.GracefulStop(TimeSpan.FromSeconds(3)));
        await ExpectMsgAsync<string>("postStop");
    }

    [Fact]
    public async Task GracefulStop_returns_false_when_the_actor_does_not_stop_in_time()
    {
        var stubborn = Sys.ActorOf(Props.Create<Stubborn>());
        Assert.False(await stubborn.GracefulStop(TimeSpan.FromMilliseconds(200), "please-stop"));
    }

    [Fact]
    public async Task Every_watcher_gets_Terminated()
    {
        var actor = Sys.ActorOf(Props.Create<EchoActor>());
        var other = CreateTestProbe();
        Watch(actor);
        other.Watch(actor);
        Sys.Stop(actor);
        await ExpectTerminatedAsync(actor);
        await other.ExpectTerminatedAsync(actor);
    }

    [Fact]
    public async Task Watching_an_already_dead_actor_yields_Terminated()
    {
        var actor = Sys.ActorOf(Props.Create<EchoActor>());
        Assert.True(await actor.GracefulStop(TimeSpan.FromSeconds(3)));
        Watch(actor);
        var terminated = await ExpectTerminatedAsync(actor);
        Assert.False(terminated.ExistenceConfirmed);
    }

    [Fact]
    public async Task Unwatch_means_no_Terminated()
    {
        var actor = Sys.ActorOf(Props.Create<EchoActor>());
        var watcher = Sys.ActorOf(Props.Create(() => new WatchThenUnwatch(actor, TestActor)));
        watcher.Tell("unwatch", TestActor);
        await ExpectMsgAsync<string>("unwatched");
        Sys.Stop(actor);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task An_unhandled_Terminated_is_a_death_pact()
    {
        var actor = Sys.ActorOf(Props.Create<EchoActor>());
        var pact = Sys.ActorOf(Props.Create(() => new Pact(actor)));
        Watch(pact);
        Sys.Stop(actor);
        await ExpectTerminatedAsync(pact);
    }

    [Fact]
    public async Task Stopping_a_parent_stops_children_first()
    {
        var parent = Sys.ActorOf(Props.Create(() => new ParentWithChildren(TestActor, 3)));
        await ExpectMsgAsync<string>("parent-started");
        Sys.Stop(parent);
        var stops = await ReceiveNAsync(4);
        Assert.Equal(["child-stopped", "child-stopped", "child-stopped", "parent-stopped"], stops.Cast<string>());
    }

    [Fact]
    public async Task Terminating_a_system_with_ten_thousand_actors_runs_every_PostStop()
    {
        var system = ActorSystem.Create("many");
        var stopped = 0;
        for (var i = 0; i < 10_000; i++)
        {
            system.ActorOf(Props.Create(() => new CountsStops(() => Interlocked.Increment(ref stopped))));
        }

        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(10_000, stopped);
        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
        Assert.Throws<InvalidOperationException>(() => system.ActorOf(Props.Create<EchoActor>()));
    }

    [Fact]
    public async Task Receive_timeout_fires_after_silence_and_can_be_turned_off()
    {
        var actor = Sys.ActorOf(Props.Create(() => new IdleReporter(TestActor, TimeSpan.FromMilliseconds(100))));
        await ExpectMsgAsync<string>("idle", TimeSpan.FromSeconds(2));
        actor.Tell("off", TestActor);

        // The timeout repeats while the actor stays silent, so more "idle" may come before "off" is handled.
        await FishForMessageAsync(m => Equals(m, "off"));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    private sealed class Stubborn : ReceiveActor
    {
        public Stubborn() => ReceiveAny(_ => { });
    }

    private sealed class WatchThenUnwatch : ReceiveActor
    {
        public WatchThenUnwatch(IActorRef target, IActorRef probe)
        {
            Context.Watch(target);
            Receive<string>(_ =>
            {
                Context.Unwatch(target);
                Sender.Tell("unwatched", Self);
            });
            Receive<Terminated>(t => probe.Tell(t, Self));
        }
    }

    private sealed class Pact : ReceiveActor
    {
        public Pact(IActorRef target)
        {
            Context.Watch(target);
            Receive<string>(_ => { });
        }
    }

    private sealed class ParentWithChildren : ReceiveActor
    {
        private readonly IActorRef _probe;

        public ParentWithChildren(IActorRef probe, int children)
        {
            _probe = probe;
            for (var i = 0; i < children; i++)
            {
                Context.ActorOf(Props.Create(() => new NotifyOnStop(probe, "child-stopped")));
            }

            ReceiveAny(_ => { });
        }

        protected override void PreStart() => _probe.Tell("parent-started", Self);

        protected override void PostStop() => _probe.Tell("parent-stopped", Self);
    }

    private sealed class NotifyOnStop(IActorRef probe, string message) : ReceiveActor
    {
        protected override void PostStop() => probe.Tell(message, Self);
    }

    private sealed class CountsStops(Action onStop) : ReceiveActor
    {
        protected override void PostStop() => onStop();
    }

    private sealed class IdleReporter : ReceiveActor
    {
        public IdleReporter(IActorRef probe, TimeSpan timeout)
        {
            Context.SetReceiveTimeout(timeout);
            Receive<ReceiveTimeout>(_ => probe.Tell("idle", Self));
            Receive<string>(_ =>
            {
                Context.SetReceiveTimeout(null);
                Sender.Tell("off", Self);
            });
        }
    }
}
