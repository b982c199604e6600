using System.Runtime.InteropServices;

namespace Orchestrator.Commands;

/// <summary>
/// A token cancelled by SIGTERM or SIGINT (or by the command line's own cancellation), which it takes over from
/// the runtime's default of exiting at once, so that a command can stop in order.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _sigterm;
    private readonly PosixSignalRegistration _sigint;

    public StopSignal(CancellationToken cancelled)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancelled);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    }

    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        _sigterm.Dispose();
        _sigint.Dispose();
        _stop.Dispose();
    }

    private void Stop(PosixSignalContext signal)
    {
        signal.Cancel = true;
        try
        {
            _ = _stop.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped.
        }
    }
}
