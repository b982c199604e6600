namespace Orchestrator.Scheduler.Framework;

/// <summary>A scheduling plugin; it takes part at the extension points whose interfaces it implements.</summary>
public interface IPlugin
{
    /// <summary>The plugin's name, as Kubernetes names its counterpart (weights and explanations use it).</summary>
    string Name { get; }
}
