namespace Orchestrator.Kubelet.Runtime;

/// <summary>What a command run to completion in a container printed and returned; TimedOut when it was killed at the timeout.</summary>
public sealed record ExecSyncResult(int ExitCode, byte[] Stdout, byte[] Stderr, bool TimedOut);
