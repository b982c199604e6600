namespace Orchestrator.Api.Tests.TestSupport;

public static class AsyncEnumerables
{
    public static async Task<List<T>> CollectAsync<T>(this IAsyncEnumerable<T> source, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var items = new List<T>();
        await foreach (var item in source.WithCancellation(ct))
        {
            items.Add(item);
        }

        return items;
    }
}
