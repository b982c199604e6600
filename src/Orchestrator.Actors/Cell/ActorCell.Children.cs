using System.Collections.Concurrent;
using Orchestrator.Actors.Dispatch;
using Orchestrator.Actors.Supervision;

namespace Orchestrator.Actors.Cell;

internal sealed partial class ActorCell
{
    private static long _nextUid;

    // Thread-safe because system.ActorOf and ActorSelection reach a guardian's children from any thread;
    // created with the first child, so a leaf actor carries none.
    private ConcurrentDictionary<string, ChildRestartStats>? _children;
    private long _nextChildName;

    public IEnumerable<IActorRef> Children => GetChildren();

    public IEnumerable<IActorRef> GetChildren() =>
        _children is null ? [] : _children.Values.Select(stats => (IActorRef)stats.Child).ToArray();

    public IActorRef? Child(string name) =>
        _children is not null && _children.TryGetValue(name, out var stats) ? stats.Child : null;

    internal LocalActorRef? LiveChild(string name) =>
        _children is not null && _children.TryGetValue(name, out var stats) && !stats.Child.IsTerminated ? stats.Child : null;

    internal IEnumerable<ChildRestartStats> ChildStats => _children?.Values ?? Enumerable.Empty<ChildRestartStats>();

    private bool HasChildren => _children is { IsEmpty: false };

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is null)
        {
            name = "$" + EncodeName(Interlocked.Increment(ref _nextChildName));
        }
        else
        {
            ValidateName(name);
        }

        var children = _children ?? CreateChildren();
        var uid = Interlocked.Increment(ref _nextUid);
        var child = new ActorCell(System, props, Self, Self.Path.Child(name, uid));
        if (!children.TryAdd(name, new ChildRestartStats(child.Self)))
        {
            throw new InvalidActorNameException($"actor name [{name}] is not unique under {Self.Path}");
        }

        child.Self.SendSystemMessage(new Create());
        // A parent that began stopping while this child was being added must still stop it.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _terminatingFlag) != 0)
        {
            child.Self.SendSystemMessage(new Terminate());
        }

        return child.Self;
    }

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.AsInternal().SendSystemMessage(new Terminate());
    }

    public ActorSelection ActorSelection(string path) => Actors.ActorSelection.Parse(System, this, path);

    private ConcurrentDictionary<string, ChildRestartStats> CreateChildren()
    {
        var created = new ConcurrentDictionary<string, ChildRestartStats>(StringComparer.Ordinal);
        return Interlocked.CompareExchange(ref _children, created, null) ?? created;
    }

    private bool TryGetChildStats(IActorRef child, out ChildRestartStats stats)
    {
        if (_children is not null && _children.TryGetValue(child.Path.Name, out stats!) && ReferenceEquals(stats.Child, child))
        {
            return true;
        }

        stats = null!;
        return false;
    }

    private void StopChildren()
    {
        if (_children is null)
        {
            return;
        }

        foreach (var stats in _children.Values)
        {
            stats.Child.SendSystemMessage(new Terminate());
        }
    }

    private void HandleChildTerminated(IActorRef child)
    {
        if (_children is not null && TryGetChildStats(child, out _))
        {
            _children.TryRemove(child.Path.Name, out _);
        }

        if (HasChildren)
        {
            return;
        }

        if (_terminating)
        {
            FinishTerminate();
        }
        else if (_pendingRecreate is not null)
        {
            var cause = _pendingRecreate;
            _pendingRecreate = null;
            FinishRecreate(cause);
        }
    }

    private static void ValidateName(string name)
    {
        if (name.Length == 0)
        {
            throw new InvalidActorNameException("actor name must not be empty");
        }

        if (name[0] == '$')
        {
            throw new InvalidActorNameException($"actor name [{name}] must not start with '$' (reserved for generated names)");
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "-_.*$+:@&=,!~';".Contains(c, StringComparison.Ordinal)))
            {
                throw new InvalidActorNameException($"actor name [{name}] holds the character '{c}' that is not allowed in a path element");
            }
        }
    }

    private static string EncodeName(long n)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> buffer = stackalloc char[16];
        var i = buffer.Length;
        do
        {
            buffer[--i] = Alphabet[(int)(n % Alphabet.Length)];
            n /= Alphabet.Length;
        }
        while (n > 0);

        return new string(buffer[i..]);
    }
}
