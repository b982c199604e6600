using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orchestrator.Actors.Cell;
using Orchestrator.Actors.Dispatch;
using Orchestrator.Actors.Scheduling;

namespace Orchestrator.Actors;

/// <summary>
/// A hierarchy of actors: the root guardian, <c>/user</c> for the application's actors and
/// <c>/system</c> for the kernel's own. Terminating it stops every actor, children first.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorCell _root;
    private readonly ActorCell _userGuardian;
    private readonly ActorCell _systemGuardian;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<Type, object> _extensions = new();

    private ActorSystem(string name, ActorSystemSettings settings)
    {
        Name = name;
        Settings = settings;
        LoggerFactory = settings.LoggerFactory;
        _log = LoggerFactory.CreateLogger<ActorSystem>();
        Scheduler = new TimerBasedScheduler(settings.TimeProvider);
        var rootPath = ActorPath.Root(name);
        DeadLetters = new DeadLetterActorRef(this, rootPath.Child("deadLetters", 0));
        _root = new ActorCell(this, Props.Create<Guardian>().WithSupervisorStrategy(SupervisorStrategy.StoppingStrategy), new TerminationWatcher(this, rootPath), rootPath);
        _root.Self.SendSystemMessage(new Create());
        _userGuardian = ((LocalActorRef)_root.ActorOf(Props.Create<Guardian>(), "user")).Cell;
        _systemGuardian = ((LocalActorRef)_root.ActorOf(Props.Create<Guardian>(), "system")).Cell;
    }

    public string Name { get; }

    public ActorSystemSettings Settings { get; }

    public ILoggerFactory LoggerFactory { get; }

    public EventStream EventStream { get; } = new();

    public IScheduler Scheduler { get; }

    /// <summary>Where undeliverable messages go; they are published on the event stream as <see cref="DeadLetter"/>.</summary>
    public IActorRef DeadLetters { get; }

    /// <summary>Completes once every actor has stopped.</summary>
    public Task WhenTerminated => _terminated.Task;

    public static ActorSystem Create(string name, ActorSystemSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new ActorSystem(name, settings ?? ActorSystemSettings.Default);
    }

    /// <summary>
    /// A system-wide service (Akka's extensions: the persistence plugins, the cluster sharding region):
    /// one instance per system, made on first use.
    /// </summary>
    public T GetOrAddExtension<T>(Func<ActorSystem, T> factory)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        return (T)_extensions.GetOrAdd(typeof(T), static (_, state) => state.factory(state.system), (factory, system: this));
    }

    /// <summary>Registers an extension instance; false when one of that type is already there.</summary>
    public bool RegisterExtension<T>(T extension)
        where T : class => _extensions.TryAdd(typeof(T), extension);

    public T? GetExtension<T>()
        where T : class => _extensions.TryGetValue(typeof(T), out var extension) ? (T)extension : null;

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    public IActorRef ActorOf(Props props, string? name = null)
    {
        if (_terminated.Task.IsCompleted)
        {
            throw new InvalidOperationException($"actor system {Name} is terminated");
        }

        return _userGuardian.ActorOf(props, name);
    }

    /// <summary>Creates a kernel actor under <c>/system</c>.</summary>
    public IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.ActorOf(props, name);

    /// <summary>Selects actors by path: absolute (<c>/user/a/b</c>, or with the address) or relative to <c>/user</c>.</summary>
    public ActorSelection ActorSelection(string path) => Actors.ActorSelection.Parse(this, _userGuardian, path);

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.AsInternal().SendSystemMessage(new Terminate());
    }

    /// <summary>Stops every actor (each PostStop runs) and completes when the last one is gone.</summary>
    public Task Terminate()
    {
        _root.Self.SendSystemMessage(new Terminate());
        return WhenTerminated;
    }

    public async ValueTask DisposeAsync() => await Terminate().ConfigureAwait(false);

    internal ActorCell Root => _root;

    internal void PublishDeadLetter(Envelope envelope, IActorRef recipient)
    {
        if (envelope.Message is DeadLetter)
        {
            return;
        }

        if (_log.IsEnabled(LogLevel.Debug))
        {
            _log.LogDebug("dead letter {Message} from {Sender} to {Recipient}", envelope.Message.GetType().Name, envelope.Sender, recipient);
        }

        EventStream.Publish(new DeadLetter(envelope.Message, envelope.Sender, recipient));
    }

    internal void OnRootTerminated() => _terminated.TrySetResult();

    public override string ToString() => $"{ActorPath.Scheme}://{Name}";

    private sealed class Guardian : UntypedActor
    {
        protected override void OnReceive(object message) => Unhandled(message);
    }

    /// <summary>The root guardian's parent: it completes termination and logs a root failure.</summary>
    private sealed class TerminationWatcher(ActorSystem system, ActorPath rootPath) : IInternalActorRef
    {
        public ActorPath Path { get; } = rootPath.Child("bubble-walker", 0);

        public bool IsTerminated => system._terminated.Task.IsCompleted;

        public void Tell(object message, IActorRef sender)
        {
        }

        public void SendSystemMessage(SystemMessage message)
        {
            switch (message)
            {
                case ChildTerminated:
                    system.OnRootTerminated();
                    break;
                case Failed failed:
                    system._log.LogError(failed.Cause, "the root guardian failed; terminating {System}", system);
                    system._root.Self.SendSystemMessage(new Terminate());
                    break;
            }
        }
    }
}
