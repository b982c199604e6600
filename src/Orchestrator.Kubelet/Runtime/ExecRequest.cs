namespace Orchestrator.Kubelet.Runtime;

/// <summary>An interactive command (kubectl exec / attach): which streams the caller wants and whether it runs on a terminal.</summary>
public sealed record ExecRequest(IReadOnlyList<string> Command, bool Stdin, bool Stdout, bool Stderr, bool Tty);
