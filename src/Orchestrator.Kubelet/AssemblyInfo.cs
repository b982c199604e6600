using System.Runtime.CompilerServices;

// The tests drive the hollow node's messages and pure parts directly.
[assembly: InternalsVisibleTo("Orchestrator.Kubelet.Tests")]
