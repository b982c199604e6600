namespace Orchestrator.Model.OpenApi;

/// <summary>The list kind of a served kind the schema set has no list message for: written from the standard list shape.</summary>
internal sealed record SyntheticList(string Name, string ItemDefinition, GroupVersionKind Gvk);
