namespace Orchestrator.Scheduler.Framework;

/// <summary>Hands out the slot indexes of <see cref="StateKey{T}"/>.</summary>
internal static class StateKeys
{
    private static int _count;

    public static int Count => Volatile.Read(ref _count);

    public static int Next() => Interlocked.Increment(ref _count) - 1;
}
