using System.Net.Sockets;
using Akka.Event;
using Orchestrator.Proxy.Endpoints;

namespace Orchestrator.Proxy.Forwarding;

/// <summary>
/// One listener of the proxy and the socket loops behind it. The proxy actor only hands it a new
/// <see cref="EndpointSnapshot"/> (<see cref="Update"/>) and disposes it; forwarding runs on async socket loops that
/// read the snapshot through the <see cref="EndpointSelector"/>, never through the actor.
/// The socket is bound only while there are endpoints: with none, a TCP client's SYN meets no listener and the kernel
/// refuses it at once (what kube-proxy's REJECT rule gives), and a UDP datagram gets ICMP port unreachable. A bind
/// that fails (address in use: another cluster on this machine) is logged and retried, never fatal.
/// </summary>
public abstract class Forwarder : IServiceListener
{
    private readonly Lock _gate = new();
    private readonly Task _addressReady;
    private CancellationTokenSource? _listening;
    private bool _disposed;

    protected Forwarder(ListenerKey key, ForwarderOptions options, EndpointSelector selector, Task addressReady)
    {
        Key = key;
        Options = options;
        Selector = selector;
        _addressReady = addressReady;
    }

    public ListenerKey Key { get; }

    public EndpointSelector Selector { get; }

    public EndpointSnapshot Snapshot => Selector.Snapshot;

    public bool IsServing => IsBound;

    /// <summary>Whether the socket is bound now (false while waiting for endpoints or retrying a bind).</summary>
    public bool IsBound { get; private set; }

    protected ForwarderOptions Options { get; }

    protected ILoggingAdapter Log => Options.Log;

    /// <summary>Forwards to these endpoints from now on; connections in flight keep theirs.</summary>
    public void Update(EndpointSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Selector.Snapshot = snapshot;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (snapshot.IsEmpty && _listening is not null)
            {
                _listening.Cancel();
                _listening.Dispose();
                _listening = null;
            }
            else if (!snapshot.IsEmpty && _listening is null)
            {
                _listening = new CancellationTokenSource();
                _ = ListenAsync(_listening.Token);
            }
        }

        OnUpdated(snapshot);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Binds a new socket on <see cref="Key"/> (throws SocketException when it cannot).</summary>
    protected abstract Socket Bind();

    /// <summary>Serves the bound socket until the token is cancelled (the socket is then disposed).</summary>
    protected abstract Task ServeAsync(Socket socket, CancellationToken cancellationToken);

    protected virtual void OnUpdated(EndpointSnapshot snapshot)
    {
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        lock (_gate)
        {
            _disposed = true;
            _listening?.Cancel();
            _listening?.Dispose();
            _listening = null;
        }
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _addressReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // The address could not be added to the interface: the bind below fails and is retried, with this logged.
            Log.Warning("proxy: cannot add {0} to the Service address interface: {1}", Key.Address.Address, e.Message);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = Bind();
            }
            catch (SocketException e)
            {
                Log.Warning("proxy: cannot listen on {0} ({1}); retrying in {2}", Key, e.SocketErrorCode, Options.BindRetryInterval);
                try
                {
                    await Task.Delay(Options.BindRetryInterval, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            IsBound = true;
            using (cancellationToken.Register(() => socket.Dispose()))
            {
                try
                {
                    await ServeAsync(socket, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
                {
                    // Closed: no endpoints left, the Service port went away, or the proxy stopped.
                }
                finally
                {
                    IsBound = false;
                    socket.Dispose();
                }
            }

            if (!cancellationToken.IsCancellationRequested)
            {
                Log.Warning("proxy: listener {0} failed; binding it again", Key);
            }
        }
    }
}
