using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orchestrator.Actors;
using Xunit;

namespace Orchestrator.Actors.Tests;

public sealed class SupervisionTests : TestKit.TestKit
{
    private static readonly CapturingLoggerProvider Logs = new();

    public SupervisionTests()
        : base(new ActorSystemSettings { LoggerFactory = LoggerFactory.Create(b => b.AddProvider(Logs)) })
    {
    }

    [Fact]
    public async Task Restart_creates_a_fresh_instance_and_keeps_the_mailbox()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(SupervisorStrategy.DefaultStrategy)));
        var child = await supervisor.Ask<IActorRef>(Props.Create(() => new LifecycleActor(TestActor)), TimeSpan.FromSeconds(3));
        await ExpectMsgAsync<string>("preStart");
        child.Tell("x", TestActor);
        await ExpectMsgAsync<string>("x");
        child.Tell("fail", TestActor);
        child.Tell("kept", TestActor);
        Assert.Equal("preRestart:boom", await ExpectMsgAsync<string>());
        await ExpectMsgAsync<string>("postStop");
        await ExpectMsgAsync<string>("postRestart");
        await ExpectMsgAsync<string>("preStart");
        Assert.Equal("kept", await ExpectMsgAsync<string>());
        child.Tell("count", TestActor);
        Assert.Equal(1, await ExpectMsgAsync<int>()); // a fresh instance: only "kept" counted
    }

    [Fact]
    public async Task Resume_keeps_the_instance_and_its_state()
    {
        var strategy = new OneForOneStrategy(_ => Directive.Resume);
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(strategy)));
        var child = await supervisor.Ask<IActorRef>(Props.Create(() => new LifecycleActor(TestActor)), TimeSpan.FromSeconds(3));
        await ExpectMsgAsync<string>("preStart");
        child.Tell("a", TestActor);
        child.Tell("fail", TestActor);
        child.Tell("b", TestActor);
        await ExpectMsgAsync<string>("a");
        await ExpectMsgAsync<string>("b");
        child.Tell("count", TestActor);
        Assert.Equal(2, await ExpectMsgAsync<int>());
    }

    [Fact]
    public async Task Stop_directive_stops_the_child()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(SupervisorStrategy.StoppingStrategy)));
        var child = await supervisor.Ask<IActorRef>(Props.Create(() => new LifecycleActor(TestActor)), TimeSpan.FromSeconds(3));
        Watch(child);
        await ExpectMsgAsync<string>("preStart");
        child.Tell("fail", TestActor);
        await ExpectMsgAsync<string>("postStop");
        await ExpectTerminatedAsync(child);
    }

    [Fact]
    public async Task Escalate_fails_the_supervisor_whose_parent_decides()
    {
        var top = Sys.ActorOf(Props.Create(() => new Supervisor(SupervisorStrategy.StoppingStrategy)));
        var middle = await top.Ask<IActorRef>(Props.Create(() => new Supervisor(new OneForOneStrategy(_ => Directive.Escalate))), TimeSpan.FromSeconds(3));
        var leaf = await middle.Ask<IActorRef>(Props.Create(() => new LifecycleActor(TestActor)), TimeSpan.FromSeconds(3));
        Watch(middle);
        Watch(leaf);
        await ExpectMsgAsync<string>("preStart");
        leaf.Tell("fail", TestActor);
        await ExpectMsgAsync<string>("postStop");
        var first = await ExpectMsgAsync<Terminated>();
        var second = await ExpectMsgAsync<Terminated>();
        Assert.Equal(leaf, first.ActorRef); // children stop before their parent
        Assert.Equal(middle, second.ActorRef);
    }

    [Fact]
    public async Task AllForOne_restarts_every_child()
    {
        var strategy = new AllForOneStrategy(_ => Directive.Restart);
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(strategy)));
        var probeA = CreateTestProbe();
        var probeB = CreateTestProbe();
        var a = await supervisor.Ask<IActorRef>(Props.Create(() => new LifecycleActor(probeA.Ref)), TimeSpan.FromSeconds(3));
        await supervisor.Ask<IActorRef>(Props.Create(() => new LifecycleActor(probeB.Ref)), TimeSpan.FromSeconds(3));
        await probeA.ExpectMsgAsync<string>("preStart");
        await probeB.ExpectMsgAsync<string>("preStart");
        a.Tell("fail", TestActor);
        Assert.Equal("preRestart:boom", await probeA.ExpectMsgAsync<string>());
        Assert.Equal("preRestart:boom", await probeB.ExpectMsgAsync<string>());
        await probeB.ExpectMsgAsync<string>("postStop");
        await probeB.ExpectMsgAsync<string>("postRestart");
        await probeB.ExpectMsgAsync<string>("preStart");
    }

    [Fact]
    public async Task A_child_restarted_ten_times_within_the_window_is_stopped_at_the_eleventh_failure()
    {
        var strategy = new OneForOneStrategy(10, TimeSpan.FromMinutes(1), _ => Directive.Restart);
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(strategy)));
        var starts = CreateTestProbe();
        var child = await supervisor.Ask<IActorRef>(Props.Create(() => new LifecycleActor(starts.Ref)), TimeSpan.FromSeconds(3));
        Watch(child);
        await starts.ExpectMsgAsync<string>("preStart");
        for (var i = 1; i <= 10; i++)
        {
            child.Tell("fail", TestActor);
            await starts.FishForMessageAsync(m => Equals(m, "postRestart"));
            await starts.ExpectMsgAsync<string>("preStart");
        }

        child.Tell("fail", TestActor);
        await ExpectTerminatedAsync(child);
        await starts.FishForMessageAsync(m => Equals(m, "postStop"));
        await starts.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task Restarts_outside_the_window_do_not_count()
    {
        var strategy = new OneForOneStrategy(1, TimeSpan.FromMilliseconds(200), _ => Directive.Restart);
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(strategy)));
        var starts = CreateTestProbe();
        var child = await supervisor.Ask<IActorRef>(Props.Create(() => new LifecycleActor(starts.Ref)), TimeSpan.FromSeconds(3));
        Watch(child);
        for (var i = 0; i < 3; i++)
        {
            child.Tell("fail", TestActor);
            await starts.FishForMessageAsync(m => Equals(m, "postRestart"));
            await Task.Delay(300);
        }

        await ExpectNoMsgAsync(); // never stopped: each failure opened a new window
    }

    [Fact]
    public async Task A_failure_in_the_constructor_stops_the_actor()
    {
        var actor = Sys.ActorOf(Props.Create<FailsInConstructor>());
        Watch(actor);
        await ExpectTerminatedAsync(actor);
    }

    [Fact]
    public async Task Failures_are_logged_with_the_actors_path()
    {
        var child = Sys.ActorOf(Props.Create(() => new LifecycleActor(TestActor)), "logged-child");
        await ExpectMsgAsync<string>("preStart");
        child.Tell("fail", TestActor);
        await ExpectMsgAsync<string>("preRestart:boom");
        Assert.Contains(Logs.Entries, e => e.Contains("orchestrator://test/user/logged-child", StringComparison.Ordinal) && e.Contains("boom", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_exception_in_ReceiveAsync_goes_to_the_supervisor()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(SupervisorStrategy.StoppingStrategy)));
        var child = await supervisor.Ask<IActorRef>(Props.Create<FailsAfterAwait>(), TimeSpan.FromSeconds(3));
        Watch(child);
        child.Tell("go", TestActor);
        await ExpectTerminatedAsync(child);
    }

    private sealed class FailsInConstructor : ReceiveActor
    {
        public FailsInConstructor() => throw new InvalidOperationException("no");
    }

    private sealed class FailsAfterAwait : ReceiveActor
    {
        public FailsAfterAwait() => ReceiveAsync<string>(async _ =>
        {
            await Task.Delay(10);
            throw new InvalidOperationException("async boom");
        });
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue($"{logLevel}: {formatter(state, exception)} {exception?.Message}");
        }
    }
}
