namespace Orchestrator.Api.Tests.OpenApi;

/// <summary>One request the test server answered: path, query string and Accept.</summary>
internal sealed record ServedRequest(string Path, string Query, string Accept);
