namespace Orchestrator.Scheduler.Framework;

/// <summary>A preferred pod (anti-)affinity term and its weight (1-100).</summary>
public sealed record WeightedAffinityTerm(int Weight, AffinityTerm Term);
