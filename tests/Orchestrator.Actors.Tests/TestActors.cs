using Orchestrator.Actors;

namespace Orchestrator.Actors.Tests;

/// <summary>Replies to every message with the same message.</summary>
internal sealed class EchoActor : ReceiveActor
{
    public EchoActor() => ReceiveAny(message => Sender.Tell(message, Self));
}

/// <summary>Reports its lifecycle hooks to a probe and fails on demand.</summary>
internal sealed class LifecycleActor : ReceiveActor
{
    private readonly IActorRef _probe;
    private int _received;

    public LifecycleActor(IActorRef probe)
    {
        _probe = probe;
        Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("boom"));
        Receive<string>(s => s == "count", _ => Sender.Tell(_received, Self));
        ReceiveAny(m =>
        {
            _received++;
            _probe.Tell(m, Self);
        });
    }

    protected override void PreStart() => _probe.Tell("preStart", Self);

    protected override void PostStop() => _probe.Tell("postStop", Self);

    protected override void PreRestart(Exception reason, object? message)
    {
        _probe.Tell($"preRestart:{reason.Message}", Self);
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _probe.Tell("postRestart", Self);
        base.PostRestart(reason);
    }
}

/// <summary>A parent with a given strategy that creates children on request.</summary>
internal sealed class Supervisor : ReceiveActor
{
    private readonly SupervisorStrategy _strategy;

    public Supervisor(SupervisorStrategy strategy)
    {
        _strategy = strategy;
        Receive<Props>(props => Sender.Tell(Context.ActorOf(props), Self));
        Receive<(Props Props, string Name)>(p => Sender.Tell(Context.ActorOf(p.Props, p.Name), Self));
    }

    protected override SupervisorStrategy SupervisorStrategy() => _strategy;
}
