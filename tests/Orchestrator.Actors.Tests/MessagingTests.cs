using System.Collections.Concurrent;
using Orchestrator.Actors;
using Xunit;

namespace Orchestrator.Actors.Tests;

public sealed class MessagingTests : TestKit.TestKit
{
    [Fact]
    public async Task Tell_delivers_with_the_sender()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>(), "echo");
        echo.Tell("hello", TestActor);
        Assert.Equal("hello", await ExpectMsgAsync<string>());
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public async Task Forward_keeps_the_original_sender()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var forwarder = Sys.ActorOf(Props.Create(() => new ForwardActor(echo)));
        forwarder.Tell("via", TestActor);
        Assert.Equal("via", await ExpectMsgAsync<string>());
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public async Task Tell_from_outside_an_actor_has_no_sender_and_replies_are_dropped()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        echo.Tell("nobody");
        await ExpectNoMsgAsync();
        Assert.Same(ActorRefs.NoSender, ActorRefs.Nobody);
    }

    [Fact]
    public void Paths_name_the_hierarchy()
    {
        var a = Sys.ActorOf(Props.Create<EchoActor>(), "a");
        Assert.Equal("orchestrator://test/user/a", a.Path.ToString());
        Assert.Equal(["user", "a"], a.Path.Elements);
        Assert.Equal("a", a.Path.Name);
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "a"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "$reserved"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "has space"));
        var generated = Sys.ActorOf(Props.Create<EchoActor>());
        Assert.StartsWith("$", generated.Path.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActorSelection_finds_actors_by_path()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Supervisor(SupervisorStrategy.DefaultStrategy)), "parent");
        var child = await parent.Ask<IActorRef>((Props.Create<EchoActor>(), "child"), TimeSpan.FromSeconds(3));

        Sys.ActorSelection("/user/parent/child").Tell("absolute", TestActor);
        Assert.Equal("absolute", await ExpectMsgAsync<string>());
        Assert.Equal(child, LastSender);

        Sys.ActorSelection("orchestrator://test/user/parent/child").Tell("address", TestActor);
        Assert.Equal("address", await ExpectMsgAsync<string>());

        Assert.Equal(child, await Sys.ActorSelection("parent/child").ResolveOne(TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAsync<ActorNotFoundException>(() => Sys.ActorSelection("/user/parent/missing").ResolveOne(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task ActorSelection_relative_to_an_actor_reaches_siblings()
    {
        var a = Sys.ActorOf(Props.Create<EchoActor>(), "sibling-a");
        var b = Sys.ActorOf(Props.Create(() => new SelectingActor("../sibling-a")), "sibling-b");
        b.Tell("ping", TestActor);
        Assert.Equal("ping", await ExpectMsgAsync<string>());
        Assert.Equal(a, LastSender);
    }

    [Fact]
    public async Task Messages_to_a_dead_actor_become_dead_letters()
    {
        var listener = CreateTestProbe();
        Sys.EventStream.Subscribe(listener.Ref, typeof(DeadLetter));
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Watch(echo);
        Sys.Stop(echo);
        await ExpectTerminatedAsync(echo);
        echo.Tell("late", TestActor);
        var dead = await listener.ExpectMsgAsync<DeadLetter>(d => Equals(d.Message, "late"));
        Assert.Equal(echo, dead.Recipient);
        Assert.Equal(TestActor, dead.Sender);
    }

    [Fact]
    public async Task Unhandled_messages_are_published()
    {
        var listener = CreateTestProbe();
        Sys.EventStream.Subscribe(listener.Ref, typeof(UnhandledMessage));
        var actor = Sys.ActorOf(Props.Create<OnlyStrings>());
        actor.Tell(42, TestActor);
        var unhandled = await listener.ExpectMsgAsync<UnhandledMessage>();
        Assert.Equal(42, unhandled.Message);
        Assert.Equal(actor, unhandled.Recipient);
    }

    [Fact]
    public async Task EventStream_delivers_by_type_and_unsubscribes()
    {
        var probe = CreateTestProbe();
        Assert.True(Sys.EventStream.Subscribe(probe.Ref, typeof(string)));
        Assert.False(Sys.EventStream.Subscribe(probe.Ref, typeof(string)));
        Sys.EventStream.Publish("event");
        Sys.EventStream.Publish(7);
        Assert.Equal("event", await probe.ExpectMsgAsync<string>());
        await probe.ExpectNoMsgAsync();
        Assert.True(Sys.EventStream.Unsubscribe(probe.Ref));
        Sys.EventStream.Publish("after");
        await probe.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task Identify_answers_with_the_actor()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        echo.Tell(new Identify("id-1"), TestActor);
        var identity = await ExpectMsgAsync<ActorIdentity>();
        Assert.Equal("id-1", identity.MessageId);
        Assert.Equal(echo, identity.Subject);
    }

    [Fact]
    public async Task Context_knows_parent_children_and_system()
    {
        var parent = Sys.ActorOf(Props.Create<ContextReporter>(), "reporter");
        parent.Tell("report", TestActor);
        var report = await ExpectMsgAsync<string>();
        Assert.Equal("parent=orchestrator://test/user children=kid-1,kid-2 system=test", report);
    }

    [Fact]
    public void Actors_cannot_be_created_with_new()
    {
        Assert.Throws<ActorInitializationException>(() => new EchoActor());
    }

    [Fact]
    public async Task A_million_messages_across_a_thousand_actors_arrive_exactly_once_in_per_sender_order()
    {
        const int Actors = 1000;
        const int Senders = 10;
        const int PerSenderPerActor = 100; // 1,000 actors x 10 senders x 100 = 1,000,000 messages
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failures = new ConcurrentQueue<string>();
        var remaining = Actors;
        var receivers = Enumerable.Range(0, Actors)
            .Select(i => Sys.ActorOf(Props.Create(() => new SequenceChecker(Senders, PerSenderPerActor, failures, () =>
            {
                if (Interlocked.Decrement(ref remaining) == 0)
                {
                    done.TrySetResult();
                }
            }))))
            .ToArray();

        var senders = Enumerable.Range(0, Senders).Select(s => Task.Run(() =>
        {
            for (var n = 0; n < PerSenderPerActor; n++)
            {
                foreach (var receiver in receivers)
                {
                    receiver.Tell(new Numbered(s, n), ActorRefs.NoSender);
                }
            }
        }));
        await Task.WhenAll(senders);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Empty(failures);

        foreach (var receiver in receivers.Take(10))
        {
            receiver.Tell("count", TestActor);
            Assert.Equal(Senders * PerSenderPerActor, await ExpectMsgAsync<int>());
        }
    }

    private sealed record Numbered(int Sender, int N);

    private sealed class SequenceChecker : ReceiveActor
    {
        public SequenceChecker(int senders, int perSender, ConcurrentQueue<string> failures, Action completed)
        {
            var next = new int[senders];
            var total = 0;
            Receive<Numbered>(m =>
            {
                if (next[m.Sender] != m.N)
                {
                    failures.Enqueue($"{Self.Path.Name}: from {m.Sender} expected {next[m.Sender]} got {m.N}");
                }

                next[m.Sender] = m.N + 1;
                if (++total == senders * perSender)
                {
                    completed();
                }
            });
            Receive<string>(_ => Sender.Tell(total, Self));
        }
    }

    private sealed class ForwardActor : ReceiveActor
    {
        public ForwardActor(IActorRef target) => ReceiveAny(target.Forward);
    }

    private sealed class SelectingActor : ReceiveActor
    {
        public SelectingActor(string path) => ReceiveAny(m => Context.ActorSelection(path).Tell(m, Sender));
    }

    private sealed class OnlyStrings : ReceiveActor
    {
        public OnlyStrings() => Receive<string>(_ => { });
    }

    private sealed class ContextReporter : ReceiveActor
    {
        public ContextReporter()
        {
            Context.ActorOf(Props.Create<EchoActor>(), "kid-1");
            Context.ActorOf(Props.Create<EchoActor>(), "kid-2");
            Receive<string>(_ => Sender.Tell(
                $"parent={Context.Parent.Path} children={string.Join(",", Context.GetChildren().Select(c => c.Path.Name).Order(StringComparer.Ordinal))} system={Context.System.Name}",
                Self));
        }
    }
}
