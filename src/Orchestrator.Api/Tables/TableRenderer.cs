using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;

namespace Orchestrator.Api.Tables;

/// <summary>
/// Server-side printing: when a client asks for <c>application/json;as=Table;g=meta.k8s.io;v=v1</c>
/// (kubectl get does), lists, gets and watch events are answered as meta.k8s.io/v1 Tables with the
/// kind's columns, each row carrying the object's metadata (or the whole object, or nothing, as
/// includeObject says).
/// </summary>
public static class TableRenderer
{
    /// <summary>Whether the request's Accept header asks for a Table (any version kubectl sends).</summary>
    public static bool Wanted(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var accept in context.Request.Headers.Accept)
        {
            if (accept is not null && accept.Contains("as=Table", StringComparison.Ordinal) && accept.Contains("g=meta.k8s.io", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The Table of <paramref name="objects"/>; <paramref name="withColumns"/> false leaves out the column definitions (watch events after the first).</summary>
    public static JsonObject Render(ResourceType type, IEnumerable<JsonObject> objects, string? resourceVersion, string? continueToken, string? includeObject, bool withColumns, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(objects);
        var convertor = type.Table;
        var columns = new JsonArray();
        if (withColumns)
        {
            foreach (var column in convertor.Columns)
            {
                columns.Add(new JsonObject
                {
                    ["name"] = column.Name,
                    ["type"] = column.Type,
                    ["format"] = column.Format,
                    ["description"] = column.Description,
                    ["priority"] = column.Priority,
                });
            }
        }

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray();
            foreach (var cell in convertor.Cells(obj, now))
            {
                cells.Add(cell?.DeepClone());
            }

            var row = new JsonObject { ["cells"] = cells };
            switch (includeObject)
            {
                case "None":
                    break;
                case "Object":
                    row["object"] = obj.DeepClone();
                    break;
                default:
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = "meta.k8s.io/v1",
                        ["metadata"] = KubeObject.Metadata(obj).DeepClone(),
                    };
                    break;
            }

            rows.Add(row);
        }

        var metadata = new JsonObject();
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
        }

        var table = new JsonObject { ["kind"] = "Table", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = metadata };
        if (withColumns)
        {
            table["columnDefinitions"] = columns;
        }

        table["rows"] = rows;
        return table;
    }
}
