namespace Orchestrator.Model.Schema.Validation;

/// <summary>A value where a quantity belongs that is none: its path and Kubernetes' reason (e.g. "unable to parse quantity's suffix").</summary>
public sealed record QuantityFieldError(string Path, string Reason);
