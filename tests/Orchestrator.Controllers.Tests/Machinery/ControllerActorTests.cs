using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Configs;
using Orchestrator.Client;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Controllers.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;
using Orchestrator.Client.Informers;

namespace Orchestrator.Controllers.Tests.Machinery;

/// <summary>
/// The controller base on TestKit's virtual time: keys wait for the informers to sync, a key is reconciled by
/// one worker at a time and again after a re-add, workers run different keys at once, and a failing key is
/// retried after 5 ms, 10 ms, … on the scheduler's clock until a success forgets its failures.
/// </summary>
public sealed class ControllerActorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(150);

    private readonly ScriptedKubeClient _client = new();

    public ControllerActorTests(ITestOutputHelper output)
        : base(TestConfigs.TestSchedulerConfig.WithFallback("akka.loglevel = WARNING"), "controller-actor", output)
    {
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void A_key_is_reconciled_by_one_worker_at_a_time_and_once_more_if_it_was_added_meanwhile()
    {
        var controller = Start(workers: 4);
        controller.Tell(new Add("default/a"));
        var first = ExpectStarted("default/a");

        controller.Tell(new Add("default/a"));
        controller.Tell(new Add("default/a"));
        ExpectNoMsg(Quiet);

        first.Done.SetResult();
        var second = ExpectStarted("default/a");
        ExpectNoMsg(Quiet);
        second.Done.SetResult();
        ExpectNoMsg(Quiet);
    }

    [Fact]
    public void Workers_reconcile_different_keys_at_once_up_to_their_number()
    {
        var controller = Start(workers: 2);
        controller.Tell(new Add("a"));
        controller.Tell(new Add("b"));
        controller.Tell(new Add("c"));
        var running = new[] { ExpectMsg<Started>(Timeout), ExpectMsg<Started>(Timeout) };
        Assert.Equal(["a", "b"], running.Select(s => s.Key).Order());
        ExpectNoMsg(Quiet);

        running[0].Done.SetResult();
        ExpectStarted("c");
    }

    [Fact]
    public void A_failing_key_is_retried_with_a_doubling_back_off_and_a_success_forgets_its_failures()
    {
        var controller = Start(workers: 1);
        controller.Tell(new Add("a"));

        // Fails: retried after 5 ms, then 10 ms, then 20 ms of the scheduler's time, not sooner.
        foreach (var backOff in new[] { 5, 10, 20 })
        {
            ExpectStarted("a").Done.SetException(new InvalidOperationException("not yet"));
            AwaitWaiting(controller, 1);
            Scheduler.Advance(TimeSpan.FromMilliseconds(backOff - 1));
            ExpectNoMsg(Quiet);
            Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        }

        ExpectStarted("a").Done.SetResult();
        AwaitAssert(() => Assert.Equal(new QueueState(0, 0, 0, 0), Ask(controller)), Timeout);

        // Succeeded: the next failure backs off from 5 ms again.
        controller.Tell(new Add("a"));
        ExpectStarted("a").Done.SetException(new InvalidOperationException("again"));
        AwaitWaiting(controller, 1);
        Assert.Equal(1, Ask(controller).Requeues);
        Scheduler.Advance(TimeSpan.FromMilliseconds(5));
        ExpectStarted("a");
    }

    [Fact]
    public void An_EnqueueAfter_from_a_reconcile_comes_back_after_its_delay()
    {
        var controller = Start(workers: 1);
        controller.Tell(new Add("a"));
        var first = ExpectStarted("a");
        first.Requeue = TimeSpan.FromSeconds(30);
        first.Done.SetResult();
        AwaitWaiting(controller, 1);

        Scheduler.Advance(TimeSpan.FromSeconds(29));
        ExpectNoMsg(Quiet);
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        ExpectStarted("a");
    }

    [Fact]
    public async Task Keys_wait_until_every_informer_has_synced()
    {
        var informers = new SharedInformerFactory(Sys, _client, new InformerSettings { MinResyncPeriod = TimeSpan.Zero });
        var context = new ControllerContext(_client, informers, ActorRefs.Nobody, new ControllerManagerSettings());
        var controller = Sys.ActorOf(Props.Create(() => new ProbeController(context, TestActor, 2, true)));

        // The list has not answered yet: a key added now waits.
        await _client.NextListAsync();
        controller.Tell(new Add("default/early"));
        ExpectNoMsg(Quiet);

        _client.ScriptList("7", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "listed", ["namespace"] = "default", ["resourceVersion"] = "7" } });
        _client.ScriptWatch();
        var started = new[] { ExpectMsg<Started>(Timeout), ExpectMsg<Started>(Timeout) };
        Assert.Equal(["default/early", "default/listed"], started.Select(s => s.Key).Order());
    }

    private IActorRef Start(int workers)
    {
        var informers = new SharedInformerFactory(Sys, _client, new InformerSettings());
        var context = new ControllerContext(_client, informers, ActorRefs.Nobody, new ControllerManagerSettings());
        return Sys.ActorOf(Props.Create(() => new ProbeController(context, TestActor, workers, false)));
    }

    private Started ExpectStarted(string key) => ExpectMsg<Started>(s => Assert.Equal(key, s.Key), Timeout);

    private void AwaitWaiting(IActorRef controller, int waiting) =>
        AwaitAssert(() => Assert.Equal(waiting, Ask(controller).Waiting), Timeout, TimeSpan.FromMilliseconds(10));

    private QueueState Ask(IActorRef controller)
    {
        var probe = CreateTestProbe();
        controller.Tell(GetQueueState.Instance, probe);
        return probe.ExpectMsg<QueueState>(Timeout);
    }

    private sealed record Add(string Key);

    private sealed record GetQueueState
    {
        public static readonly GetQueueState Instance = new();
    }

    private sealed record QueueState(int Length, int Waiting, int Processing, int Requeues);

    /// <summary>A reconcile in progress: the test ends it through Done, optionally asking to look again later.</summary>
    private sealed class Started(string key)
    {
        public string Key { get; } = key;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TimeSpan? Requeue { get; set; }
    }

    /// <summary>Tells the test each reconcile it starts and finishes it when the test says.</summary>
    private sealed class ProbeController : ControllerActor
    {
        private readonly IActorRef _probe;

        public ProbeController(ControllerContext context, IActorRef probe, int workers, bool watchConfigMaps)
            : base(context, "probe-controller", workers)
        {
            _probe = probe;
            if (watchConfigMaps)
            {
                Watch(ResourceRef.ConfigMaps);
            }
        }

        protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
        {
            var started = new Started(key);
            _probe.Tell(started);
            await started.Done.Task;
            if (started.Requeue is { } delay)
            {
                EnqueueAfter(key, delay);
            }
        }

        protected override void OnMessage(object message)
        {
            switch (message)
            {
                case Add add:
                    Enqueue(add.Key);
                    break;
                case GetQueueState:
                    Sender.Tell(new QueueState(Queue.Length, Queue.Waiting, Queue.Processing, Queue.NumRequeues("a")));
                    break;
                default:
                    Unhandled(message);
                    break;
            }
        }
    }
}
