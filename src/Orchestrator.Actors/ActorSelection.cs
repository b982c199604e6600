using Orchestrator.Actors.Cell;

namespace Orchestrator.Actors;

/// <summary>
/// Actors found by path rather than by reference: resolved each time a message is sent, so it reaches
/// whichever incarnation lives there then. Elements may be names or <c>..</c>.
/// </summary>
public sealed class ActorSelection
{
    private readonly ActorSystem _system;
    private readonly ActorCell _anchor;
    private readonly string[] _elements;

    private ActorSelection(ActorSystem system, ActorCell anchor, string[] elements, string path)
    {
        _system = system;
        _anchor = anchor;
        _elements = elements;
        PathString = path;
    }

    public string PathString { get; }

    public void Tell(object message, IActorRef sender)
    {
        var target = Resolve();
        (target ?? _system.DeadLetters).Tell(message, sender);
    }

    public void Tell(object message) => Tell(message, ActorCell.Current?.Self ?? ActorRefs.NoSender);

    /// <summary>The actor living at the path now; <see cref="ActorNotFoundException"/> when none does.</summary>
    public Task<IActorRef> ResolveOne(TimeSpan timeout)
    {
        _ = timeout; // local resolution is immediate; the timeout matters once selections cross processes
        var target = Resolve();
        return target is null
            ? Task.FromException<IActorRef>(new ActorNotFoundException($"no actor at {PathString}"))
            : Task.FromResult<IActorRef>(target);
    }

    public override string ToString() => $"ActorSelection[{PathString}]";

    internal static ActorSelection Parse(ActorSystem system, ActorCell relativeTo, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var rest = path;
        var prefix = $"{ActorPath.Scheme}://{system.Name}";
        ActorCell anchor = relativeTo;
        if (rest.StartsWith(prefix, StringComparison.Ordinal))
        {
            rest = rest[prefix.Length..];
        }

        if (rest.StartsWith('/'))
        {
            anchor = system.Root;
        }

        var elements = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return new ActorSelection(system, anchor, elements, path);
    }

    private LocalActorRef? Resolve()
    {
        var cell = _anchor;
        LocalActorRef current = cell.Self;
        foreach (var element in _elements)
        {
            if (element == "..")
            {
                if (cell.ParentRef is not LocalActorRef parent)
                {
                    return null;
                }

                current = parent;
            }
            else if (element != ".")
            {
                var child = cell.LiveChild(element);
                if (child is null)
                {
                    return null;
                }

                current = child;
            }

            cell = current.Cell;
        }

        return current.IsTerminated ? null : current;
    }
}
