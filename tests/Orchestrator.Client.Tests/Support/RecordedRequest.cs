using Microsoft.AspNetCore.Http;

namespace Orchestrator.Client.Tests.Support;

/// <summary>What the fake server saw of one request.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    IQueryCollection Query,
    string? Authorization,
    string? ContentType,
    string? Accept,
    string Body,
    string Protocol)
{
    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value.ToString() : null;

    public bool IsWatch => QueryValue("watch") == "true";
}
