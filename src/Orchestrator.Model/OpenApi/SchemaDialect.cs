namespace Orchestrator.Model.OpenApi;

/// <summary>The two ways the documents write a schema, which differ in where references point and how a described reference is written.</summary>
internal enum SchemaDialect
{
    /// <summary>Swagger 2.0: <c>#/definitions/</c>, a reference with its description beside it.</summary>
    Swagger2,

    /// <summary>OpenAPI 3.0: <c>#/components/schemas/</c>, a described reference wrapped in allOf (siblings of $ref are ignored).</summary>
    OpenApi3,
}
