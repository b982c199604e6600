using Akka;
using Akka.Actor;

namespace Orchestrator.Kubelet.Node;

/// <summary>
/// Runs a <see cref="KubeletActor"/> in a process (<c>orchestrator up</c>, <c>orchestrator kubelet</c>):
/// starts it and waits until it has registered its Node or refused to, and on stop shuts the node down
/// gracefully (NotReady, pods stopped within the shutdown grace periods) before the process goes.
/// </summary>
public sealed class KubeletHost
{
    private readonly ActorSystem _system;
    private readonly KubeletSettings _settings;
    private readonly Lock _lock = new();
    private Task<int>? _stopping;

    private KubeletHost(ActorSystem system, KubeletSettings settings, IActorRef kubelet)
    {
        _system = system;
        _settings = settings;
        Kubelet = kubelet;
    }

    public IActorRef Kubelet { get; }

    /// <summary>Starts the kubelet and waits up to <paramref name="registerTimeout"/> for its Node (it keeps trying after that).</summary>
    /// <exception cref="KubeletRefusedException">The kubelet refused to start (its node name is another machine's).</exception>
    public static async Task<KubeletHost> StartAsync(ActorSystem system, KubeletDependencies deps, TimeSpan registerTimeout)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(deps);
        var outcome = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = system.ActorOf(Props.Create(() => new StartListener(outcome)));
        system.EventStream.Subscribe(listener, typeof(KubeletStarted));
        system.EventStream.Subscribe(listener, typeof(KubeletRefusedToStart));
        var kubelet = system.ActorOf(KubeletActor.Props(deps), "kubelet");
        try
        {
            var result = await outcome.Task.WaitAsync(registerTimeout).ConfigureAwait(false);
            if (result is KubeletRefusedToStart refused)
            {
                throw new KubeletRefusedException(refused.Reason);
            }
        }
        catch (TimeoutException)
        {
            // The API is slow or away: the kubelet goes on retrying on its own.
        }
        finally
        {
            system.EventStream.Unsubscribe(listener);
            system.Stop(listener);
        }

        var host = new KubeletHost(system, deps.Settings, kubelet);

        // However the actor system is shut down (SIGTERM through the host, or Akka's coordinated shutdown), the
        // node drains first, while the API is still reachable.
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "kubelet-node-shutdown", async () =>
        {
            await host.StopAsync().ConfigureAwait(false);
            return Done.Instance;
        });
        return host;
    }

    /// <summary>Shuts the node down gracefully (once, however often asked); returns how many pods did not stop in time, -1 if the kubelet did not answer.</summary>
    public Task<int> StopAsync()
    {
        lock (_lock)
        {
            return _stopping ??= StopOnceAsync();
        }
    }

    private async Task<int> StopOnceAsync()
    {
        var timeout = _settings.ShutdownGracePeriod + _settings.NodeStatusUpdateFrequency + TimeSpan.FromSeconds(5);
        try
        {
            var done = await Kubelet.Ask<NodeShutDown>(new ShutDownNode(), timeout).ConfigureAwait(false);
            return done.PodsLeft;
        }
        catch (AskTimeoutException)
        {
            _system.Stop(Kubelet);
            return -1;
        }
    }

    private sealed class StartListener : ReceiveActor
    {
        public StartListener(TaskCompletionSource<object> outcome)
        {
            Receive<KubeletStarted>(m => outcome.TrySetResult(m));
            Receive<KubeletRefusedToStart>(m => outcome.TrySetResult(m));
        }
    }
}

/// <summary>The kubelet refused to start; the message says why and what to do.</summary>
public sealed class KubeletRefusedException : Exception
{
    public KubeletRefusedException()
    {
    }

    public KubeletRefusedException(string message)
        : base(message)
    {
    }

    public KubeletRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
