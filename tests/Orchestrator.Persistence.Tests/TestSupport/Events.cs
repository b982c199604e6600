using System.Text;

namespace Orchestrator.Persistence.Tests.TestSupport;

/// <summary>Small helpers to make and read back test events.</summary>
public static class Events
{
    public const string Manifest = "test.v1";

    public static SerializedEvent Text(string text) => new(Manifest, Encoding.UTF8.GetBytes(text));

    public static SerializedEvent[] Texts(params string[] texts) => [.. texts.Select(Text)];

    public static SerializedEvent OfSize(int bytes) => new(Manifest, new byte[bytes]);

    public static string Text(StoredEvent envelope) => Encoding.UTF8.GetString(envelope.Payload);

    public static async Task<List<T>> CollectAsync<T>(this IAsyncEnumerable<T> source, CancellationToken ct = default)
    {
        var list = new List<T>();
        await foreach (var item in source.WithCancellation(ct))
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Takes the first <paramref name="count"/> items of a (possibly endless) stream, failing after <paramref name="timeout"/>.</summary>
    public static async Task<List<T>> TakeAsync<T>(this IAsyncEnumerable<T> source, int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var list = new List<T>(count);
        if (count == 0)
        {
            return list;
        }

        try
        {
            await foreach (var item in source.WithCancellation(cts.Token))
            {
                list.Add(item);
                if (list.Count == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"Received {list.Count} of {count} items within {timeout}.");
        }

        return list;
    }
}
