using System.Runtime.CompilerServices;

// The tests drive NodeInfo's incremental accounting directly (AddPod, RemovePod, Clone).
[assembly: InternalsVisibleTo("Orchestrator.Scheduler.Tests")]
