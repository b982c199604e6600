using Orchestrator.Actors.Cell;
using Orchestrator.Actors.Dispatch;

namespace Orchestrator.Actors.Stash;

internal sealed class UnboundedStash : IStash
{
    private readonly ActorCell _cell;
    private List<Envelope> _stashed = [];

    public UnboundedStash(ActorCell cell) => _cell = cell;

    public int Count => _stashed.Count;

    public void Stash()
    {
        var current = _cell.CurrentEnvelope;
        if (_stashed.Count > 0 && ReferenceEquals(_stashed[^1].Message, current.Message))
        {
            throw new IllegalActorStateException($"can't stash the same message {current.Message.GetType().Name} twice");
        }

        _stashed.Add(current);
    }

    public void Unstash()
    {
        if (_stashed.Count == 0)
        {
            return;
        }

        var first = _stashed[0];
        _stashed.RemoveAt(0);
        _cell.Prepend([first]);
    }

    public void UnstashAll() => _cell.Prepend(ClearStash());

    public IReadOnlyList<Envelope> ClearStash()
    {
        var stashed = _stashed;
        _stashed = [];
        return stashed;
    }
}
