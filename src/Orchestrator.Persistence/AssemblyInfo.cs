using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Orchestrator.Persistence.Tests")]
