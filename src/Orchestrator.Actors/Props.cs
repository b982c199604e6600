namespace Orchestrator.Actors;

/// <summary>How to make an actor: its type and a factory, so the kernel can make it again on restart.</summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Type actorType, Func<ActorBase> factory, SupervisorStrategy? supervisorStrategy = null)
    {
        ActorType = actorType;
        _factory = factory;
        SupervisorStrategy = supervisorStrategy;
    }

    public Type ActorType { get; }

    /// <summary>Overrides the actor's own strategy for supervising its children.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    public static Props Create<T>()
        where T : ActorBase, new() => new(typeof(T), static () => new T());

    public static Props Create<T>(Func<T> factory)
        where T : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new(typeof(T), factory);
    }

    /// <summary>Creates through the constructor matching <paramref name="args"/> (reflection; prefer the factory form on hot paths).</summary>
    public static Props Create<T>(params object[] args)
        where T : ActorBase => Create(typeof(T), args);

    public static Props Create(Type actorType, params object[] args)
    {
        ArgumentNullException.ThrowIfNull(actorType);
        if (!typeof(ActorBase).IsAssignableFrom(actorType))
        {
            throw new ArgumentException($"{actorType.Name} is not an actor", nameof(actorType));
        }

        return new(actorType, () => (ActorBase)Activator.CreateInstance(actorType, args)!);
    }

    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => new(ActorType, _factory, strategy);

    internal ActorBase NewActor() => _factory();

    public override string ToString() => $"Props({ActorType.Name})";
}
