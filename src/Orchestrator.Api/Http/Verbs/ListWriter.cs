using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Tables;
using Orchestrator.Api.Watch;

namespace Orchestrator.Api.Http.Verbs;

/// <summary>Writes a list (or kubectl's Table of it) from the cache's serialized objects.</summary>
public static class ListWriter
{
    /// <summary>How much of a list response is buffered before it goes to the connection.</summary>
    private const int FlushEvery = 64 * 1024;

    public static async Task WriteAsync(HttpContext context, ApiGateway gateway, ResourceType type, ObjectList list)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(list);
        var continueToken = list.HasMore && list.Items.Count > 0 ? ContinueToken.Encode(list.Revision, list.Items[^1].Key) : null;
        if (TableRenderer.Wanted(context))
        {
            var objects = list.Items.Select(i => JsonNode.Parse(i.Json)!.AsObject());
            var table = TableRenderer.Render(type, objects, list.Revision.ToString(CultureInfo.InvariantCulture), continueToken, context.Request.Query["includeObject"], withColumns: true, gateway.Time.GetUtcNow());
            await HttpResponses.WriteJsonAsync(context, 200, table).ConfigureAwait(false);
            return;
        }

        var metadata = new StringBuilder("{\"resourceVersion\":\"").Append(list.Revision.ToString(CultureInfo.InvariantCulture)).Append('"');
        if (continueToken is not null)
        {
            metadata.Append(",\"continue\":\"").Append(continueToken).Append('"');
        }

        metadata.Append('}');
        var head = Encoding.UTF8.GetBytes($"{{\"kind\":\"{type.ListKind}\",\"apiVersion\":\"{type.GroupVersion}\",\"metadata\":{metadata},\"items\":[");

        // Streamed item by item into the response pipe: a list of 10,000 pods is megabytes, and one array
        // of that size (a large-object-heap allocation) costs a full GC.
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = HttpResponses.Json;
        response.ContentLength = head.Length + 2 + list.Items.Sum(i => i.Json.Length) + Math.Max(0, list.Items.Count - 1);
        var writer = response.BodyWriter;
        writer.Write(head);
        var unflushed = head.Length;
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(","u8);
            }

            var json = list.Items[i].Json;
            writer.Write(json);
            unflushed += json.Length + 1;
            if (unflushed >= FlushEvery)
            {
                await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                unflushed = 0;
            }
        }

        writer.Write("]}"u8);
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
