using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The real executable's <c>orchestrator simulate</c> in a child process, against a cluster's admin.conf: its
/// output is kept, a line can be waited for as it is written, and it is stopped with SIGTERM.
/// </summary>
public sealed partial class SimulatorProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];
    private readonly Process _process;

    private SimulatorProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static SimulatorProcess Start(string kubeconfig, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[ClusterProcess.ExecutablePath, "simulate", "--kubeconfig", kubeconfig, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start orchestrator simulate");
        var simulator = new SimulatorProcess(process);
        process.OutputDataReceived += (_, e) => simulator.Append(e.Data);
        process.ErrorDataReceived += (_, e) => simulator.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return simulator;
    }

    /// <summary>Completes once a line containing <paramref name="text"/> has been written (or already was).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            _waiters.Add((text, seen));
        }

        try
        {
            await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"orchestrator simulate did not write \"{text}\" within {timeout} (exited: {_process.HasExited}):\n{Output}");
        }
    }

    /// <summary>Sends SIGTERM and waits for the process to exit; returns how long that took.</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        _ = Kill(_process.Id, 15);
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"orchestrator simulate did not stop within {limit} of SIGTERM:\n{Output}");
        }

        return clock.Elapsed;
    }

    /// <summary>kill -9: the nodes stop at once, their Leases unrenewed, as when a machine is lost.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            foreach (var waiter in _waiters.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
