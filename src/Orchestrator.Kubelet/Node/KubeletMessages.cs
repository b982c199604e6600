namespace Orchestrator.Kubelet.Node;

// Published on the actor system's event stream, so the process hosting the kubelet (and tests) learn how start-up went.

/// <summary>The kubelet registered (or took back) its Node and posted its status; it runs the pods bound to it.</summary>
public sealed record KubeletStarted(string NodeName);

/// <summary>The kubelet will not run: <paramref name="Reason"/> says why (e.g. its node name is in use by another machine). The actor has stopped.</summary>
public sealed record KubeletRefusedToStart(string NodeName, string Reason);

/// <summary>Asks the kubelet to shut the node down gracefully; answered with <see cref="NodeShutDown"/> once its pods have stopped.</summary>
public sealed record ShutDownNode;

/// <summary>The node's pods have stopped (or the grace periods ran out); <paramref name="PodsLeft"/> did not stop in time.</summary>
public sealed record NodeShutDown(int PodsLeft);
