using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Watch;

/// <summary>Renders watch events: <c>{"type":"ADDED","object":{...}}</c> and a newline.</summary>
public static class WatchLines
{
    public static WatchLine Event(string type, CachedObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var prefix = Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":");
        var line = new byte[prefix.Length + obj.Json.Length + 2];
        prefix.CopyTo(line, 0);
        obj.Json.CopyTo(line, prefix.Length);
        line[^2] = (byte)'}';
        line[^1] = (byte)'\n';
        return new WatchLine(line);
    }

    public static WatchLine Bookmark(ResourceType type, long revision)
    {
        ArgumentNullException.ThrowIfNull(type);
        var bookmark = new JsonObject
        {
            ["type"] = "BOOKMARK",
            ["object"] = new JsonObject
            {
                ["kind"] = type.Kind,
                ["apiVersion"] = type.GroupVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) },
            },
        };
        return Line(bookmark);
    }

    public static WatchLine Error(StatusException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Line(new JsonObject { ["type"] = "ERROR", ["object"] = error.ToStatus() });
    }

    private static WatchLine Line(JsonObject obj)
    {
        var json = JsonBytes.From(obj);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return new WatchLine(line);
    }
}
