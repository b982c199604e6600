using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Server;

/// <summary>
/// GET /containerLogs/{namespace}/{pod}/{container}: the container's output as plain text, with the options of
/// pods/log — follow, tailLines, previous, timestamps (each line prefixed with its time in RFC 3339 with nine
/// fractional digits, as the kubelet writes it), sinceSeconds or sinceTime, limitBytes (the body stops there, even
/// inside a line).
/// </summary>
public static class ContainerLogsEndpoint
{
    public static async Task ServeAsync(HttpContext context, IContainerRuntime runtime, IPodContainerLocator locator, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(time);
        var route = context.Request.RouteValues;
        var (ns, pod, container) = ((string)route["namespace"]!, (string)route["pod"]!, (string)route["container"]!);
        var query = context.Request.Query;
        var follow = QueryFlags.Bool(query, "follow");
        var previous = QueryFlags.Bool(query, "previous");
        var timestamps = QueryFlags.Bool(query, "timestamps");
        var tail = QueryFlags.Int(query, "tailLines", min: 0);
        var limit = QueryFlags.Int(query, "limitBytes", min: 1);
        var sinceSeconds = QueryFlags.Int(query, "sinceSeconds", min: 1);
        DateTimeOffset? since = null;
        if (query["sinceTime"].ToString() is { Length: > 0 } sinceTime)
        {
            if (sinceSeconds is not null)
            {
                throw KubeletRequestException.BadRequest("at most one of sinceTime or sinceSeconds may be specified");
            }

            since = DateTimeOffset.TryParse(sinceTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw KubeletRequestException.BadRequest($"sinceTime: invalid value \"{sinceTime}\": not an RFC 3339 time");
        }
        else if (sinceSeconds is { } seconds)
        {
            since = time.GetUtcNow() - TimeSpan.FromSeconds(seconds);
        }

        var id = await ContainerResolver.ContainerIdAsync(locator, ns, pod, container, previous, context.RequestAborted).ConfigureAwait(false);
        var options = new LogOptions { Follow = follow && !previous, TailLines = tail, Since = since };

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        var body = context.Response.Body;
        long left = limit ?? long.MaxValue;
        await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        await foreach (var line in runtime.ReadLogsAsync(id, options, context.RequestAborted).ConfigureAwait(false))
        {
            var data = timestamps ? Prefixed(line) : line.Data;
            var take = (int)Math.Min(data.Length, left);
            await body.WriteAsync(data[..take], context.RequestAborted).ConfigureAwait(false);
            left -= take;
            if (left == 0)
            {
                break;
            }

            if (follow)
            {
                await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The kubelet's timestamp format: RFC 3339 in UTC with exactly nine fractional digits (.NET keeps seven).</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);

    private static ReadOnlyMemory<byte> Prefixed(LogLine line)
    {
        var prefix = Encoding.ASCII.GetBytes(Timestamp(line.Time) + " ");
        var bytes = new byte[prefix.Length + line.Data.Length];
        prefix.CopyTo(bytes, 0);
        line.Data.Span.CopyTo(bytes.AsSpan(prefix.Length));
        return bytes;
    }
}
