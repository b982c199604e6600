namespace Orchestrator.Api.Tables;

/// <summary>
/// A column of a meta.k8s.io/v1 Table, as kubectl get prints it. Priority 0 columns are always shown,
/// priority 1 only with <c>-o wide</c>.
/// </summary>
public sealed record TableColumn(string Name, string Type, string Description, int Priority = 0, string Format = "");
