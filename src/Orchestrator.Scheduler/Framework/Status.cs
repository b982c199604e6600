namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// Why a plugin rejected a node (or skipped, or failed): a code, the reasons Kubernetes words in its
/// FailedScheduling events, and the plugin's name. Statuses are immutable, so plugins keep the ones they
/// return over and over (a taint's, "Insufficient cpu") and a filter pass over thousands of nodes
/// allocates nothing. A successful filter returns null rather than a status.
/// </summary>
public sealed class Status
{
    private readonly string[] _reasons;

    public Status(StatusCode code, string plugin, params string[] reasons)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        ArgumentNullException.ThrowIfNull(reasons);
        Code = code;
        Plugin = plugin;
        _reasons = reasons;
    }

    /// <summary>The plugin-less "skip" status a PreFilter or PreScore returns when it has nothing to do.</summary>
    public static Status Skip { get; } = new(StatusCode.Skip, string.Empty);

    public StatusCode Code { get; }

    /// <summary>The plugin that returned it; empty when the framework made it up.</summary>
    public string Plugin { get; }

    /// <summary>Each reason is counted separately in the FailedScheduling message.</summary>
    public IReadOnlyList<string> Reasons => _reasons;

    /// <summary>Unschedulable or UnschedulableAndUnresolvable: a verdict that the node does not fit.</summary>
    public bool IsRejected => Code is StatusCode.Unschedulable or StatusCode.UnschedulableAndUnresolvable;

    /// <summary>The reasons joined as Kubernetes' Status.Message does.</summary>
    public string Message => string.Join(", ", _reasons);

    public static Status Unschedulable(string plugin, params string[] reasons) => new(StatusCode.Unschedulable, plugin, reasons);

    public static Status Unresolvable(string plugin, params string[] reasons) => new(StatusCode.UnschedulableAndUnresolvable, plugin, reasons);

    public override string ToString() => Plugin.Length == 0 ? $"{Code}: {Message}" : $"{Plugin} {Code}: {Message}";
}
