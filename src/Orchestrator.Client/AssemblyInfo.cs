using System.Runtime.CompilerServices;

// The tests drive internal pieces (the watch stream framer) directly with hostile chunkings.
[assembly: InternalsVisibleTo("Orchestrator.Client.Tests")]
