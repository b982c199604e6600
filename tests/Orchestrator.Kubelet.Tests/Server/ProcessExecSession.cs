using System.Diagnostics;
using System.Threading.Channels;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Tests.Server;

/// <summary>An exec session that is a real child process of the test (no terminal): what a runtime's exec gives the kubelet.</summary>
public sealed class ProcessExecSession : IExecSession
{
    private readonly Process _process;
    private readonly Channel<OutputChunk> _output = Channel.CreateUnbounded<OutputChunk>();
    private readonly Task _pumps;

    private ProcessExecSession(Process process, bool stdin)
    {
        _process = process;
        Stdin = stdin ? process.StandardInput.BaseStream : null;
        if (!stdin)
        {
            process.StandardInput.Close();
        }

        _pumps = Task.WhenAll(PumpAsync(process.StandardOutput.BaseStream, OutputStream.Stdout), PumpAsync(process.StandardError.BaseStream, OutputStream.Stderr))
            .ContinueWith(_ => _output.Writer.TryComplete(), TaskScheduler.Default);
    }

    public Stream? Stdin { get; }

    public static ProcessExecSession Start(ExecRequest request)
    {
        var start = new ProcessStartInfo(request.Command[0]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in request.Command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        return new ProcessExecSession(Process.Start(start)!, request.Stdin);
    }

    public async ValueTask<OutputChunk?> ReadOutputAsync(CancellationToken cancellationToken) =>
        await _output.Reader.WaitToReadAsync(cancellationToken) && _output.Reader.TryRead(out var chunk) ? chunk : null;

    public Task ResizeAsync(int width, int height, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _pumps;
        _process.Dispose();
    }

    private async Task PumpAsync(Stream stream, OutputStream which)
    {
        var buffer = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            await _output.Writer.WriteAsync(new OutputChunk(which, buffer.AsSpan(0, read).ToArray()));
        }
    }
}
