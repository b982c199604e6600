namespace Orchestrator.Actors;

/// <summary>An actor with one receive method; call <see cref="ActorBase.Unhandled"/> for what it does not handle.</summary>
public abstract class UntypedActor : ActorBase
{
    protected internal sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }

    protected abstract void OnReceive(object message);

    /// <summary>Replaces the behaviour with <paramref name="receive"/>.</summary>
    protected void Become(Action<object> receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        Context.Become(message =>
        {
            receive(message);
            return true;
        });
    }
}
