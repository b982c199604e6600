namespace Orchestrator.Api.Tests.OpenApi;

/// <summary>A PATCH the test server received: path, query string, Content-Type and body.</summary>
internal sealed record ReceivedPatch(string Path, string Query, string ContentType, string Body);
