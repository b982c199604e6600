namespace Orchestrator.Model.Patching;

/// <summary>A field an apply would change that another manager owns.</summary>
public sealed record ApplyConflict(string Manager, string ApiVersion, string Field);

/// <summary>Server-side apply refused: other managers own fields it would change (Kubernetes answers 409 Conflict).</summary>
public sealed class ApplyConflictException : Exception
{
    public ApplyConflictException(IReadOnlyList<ApplyConflict> conflicts)
        : base(Describe(conflicts))
    {
        Conflicts = conflicts;
    }

    public ApplyConflictException()
        : this([])
    {
    }

    public ApplyConflictException(string message)
        : base(message)
    {
        Conflicts = [];
    }

    public ApplyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        Conflicts = [];
    }

    public IReadOnlyList<ApplyConflict> Conflicts { get; }

    private static string Describe(IReadOnlyList<ApplyConflict> conflicts)
    {
        ArgumentNullException.ThrowIfNull(conflicts);
        var count = conflicts.Count == 1 ? "1 conflict" : $"{conflicts.Count} conflicts";
        return $"Apply failed with {count}: " + string.Join("; ", conflicts.Select(c => $"conflict with \"{c.Manager}\" using {c.ApiVersion}: {c.Field}"));
    }
}
