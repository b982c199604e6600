namespace Orchestrator.Model.OpenApi;

/// <summary>
/// The served resources resolved against the schema set: their operations (sorted by path) and the
/// list kinds to write from the standard shape. Resources whose kind the schema set lacks are left out,
/// as a server cannot describe them.
/// </summary>
internal sealed class ServedApi
{
    public ServedApi(IEnumerable<OpenApiResource> resources, OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Patches = new PatchDirectives(options.Schemas);
        var operations = new List<ApiOperation>();
        var lists = new Dictionary<string, SyntheticList>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            if (options.Schemas.Find(resource.GroupVersion, resource.Kind) is not { } kind)
            {
                continue;
            }

            var listKind = resource.Kind + "List";
            var listDefinition = options.Schemas.Find(resource.GroupVersion, listKind)?.FullName;
            if (listDefinition is null)
            {
                listDefinition = kind.FullName + "List";
                lists[listDefinition] = new SyntheticList(listDefinition, kind.FullName, new GroupVersionKind(resource.Group, resource.Version, listKind));
            }

            operations.AddRange(ResourceOperations.For(resource, kind.FullName, listDefinition, options));
        }

        Operations = [.. operations.OrderBy(o => o.Path, StringComparer.Ordinal)];
        SyntheticLists = lists;
    }

    public OpenApiOptions Options { get; }

    public PatchDirectives Patches { get; }

    public IReadOnlyList<ApiOperation> Operations { get; }

    public IReadOnlyDictionary<string, SyntheticList> SyntheticLists { get; }

    public DefinitionSet Definitions(SchemaDialect dialect) => new(Options, dialect, Patches, SyntheticLists);
}
