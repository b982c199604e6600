using System.Collections;

namespace Orchestrator.Persistence.Journal;

/// <summary>The revisions of one write: consecutive, so one small object stands for any number of them.</summary>
internal sealed class RevisionRange(long first, int count) : IReadOnlyList<long>
{
    public long this[int index] =>
        (uint)index < (uint)count ? first + index : throw new ArgumentOutOfRangeException(nameof(index));

    public int Count => count;

    public IEnumerator<long> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return first + i;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
