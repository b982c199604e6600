namespace Orchestrator.Client.Events;

/// <summary>Who records an Event (core/v1 EventSource): the component, such as "namespace-controller", and optionally its host.</summary>
public sealed record EventSource(string Component, string? Host = null);
