using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.OpenApi;
using Orchestrator.Model.Schema;

namespace Orchestrator.Api.OpenApi;

/// <summary>
/// The OpenAPI documents of the served resources, built once and kept as the bytes they are served as:
/// <c>/openapi/v2</c> as JSON and as gnostic protobuf, <c>/openapi/v3</c> and one v3 document per group
/// version with its content hash. A resource type whose kind has no schema is left out.
/// </summary>
public sealed class OpenApiDocuments
{
    private readonly Dictionary<string, OpenApiV3Document> _v3;

    private OpenApiDocuments(byte[] v2Json, byte[] v2Protobuf, Dictionary<string, OpenApiV3Document> v3, byte[] v3Discovery)
    {
        V2Json = v2Json;
        V2Protobuf = v2Protobuf;
        V2Hash = OpenApiContent.Hash(v2Json);
        V2ProtobufHash = OpenApiContent.Hash(v2Protobuf);
        _v3 = v3;
        V3Discovery = v3Discovery;
    }

    /// <summary>The Swagger 2.0 document as JSON.</summary>
    public byte[] V2Json { get; }

    /// <summary>The same document as gnostic protobuf, for <see cref="GnosticProtobuf.AcceptMediaType"/>.</summary>
    public byte[] V2Protobuf { get; }

    /// <summary>The hash of the v2 JSON: its ETag.</summary>
    public string V2Hash { get; }

    /// <summary>The hash of the v2 protobuf: its ETag (each representation has its own).</summary>
    public string V2ProtobufHash { get; }

    /// <summary>The <c>/openapi/v3</c> discovery document (JSON).</summary>
    public byte[] V3Discovery { get; }

    /// <summary>The group version paths with a v3 document: "api/v1", "apis/apps/v1", ...</summary>
    public IEnumerable<string> V3Paths => _v3.Keys;

    public static OpenApiDocuments Build(ResourceRegistry registry, OpenApiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        options ??= OpenApiOptions.Default;
        var resources = Resources(registry, options.Schemas);
        var v2 = OpenApiV2.Build(resources, options);
        var v3 = OpenApiV3.Build(resources, options).ToDictionary(
            pair => pair.Key,
            pair => OpenApiV3Document.Of(pair.Value),
            StringComparer.Ordinal);
        var discovery = OpenApiV3.Discovery(v3.Select(pair => KeyValuePair.Create(pair.Key, pair.Value.Hash)));
        return new OpenApiDocuments(OpenApiContent.ToUtf8(v2), GnosticProtobuf.Encode(v2), v3, OpenApiContent.ToUtf8(discovery));
    }

    /// <summary>The v3 document of a group version path ("api/v1"); false when none is served.</summary>
    public bool TryGetV3(string path, out OpenApiV3Document document)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _v3.TryGetValue(path, out document!);
    }

    /// <summary>The registered types as the documents see them; the subresources mirror what the resource handler serves.</summary>
    public static IReadOnlyList<OpenApiResource> Resources(ResourceRegistry registry, SchemaSet schemas)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(schemas);
        var resources = new List<OpenApiResource>();
        foreach (var type in registry.Types)
        {
            if (schemas.Find(type.GroupVersion, type.Kind) is null)
            {
                continue;
            }

            resources.Add(new OpenApiResource(type.Group, type.Version, type.Kind, type.Plural, type.Namespaced, type.Subresources));
        }

        return resources;
    }
}
