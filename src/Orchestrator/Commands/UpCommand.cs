using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Orchestrator.Cluster;
using Orchestrator.Hocon;
using Orchestrator.Kubelet.Node;

namespace Orchestrator.Commands;

/// <summary><c>orchestrator up</c>: runs a whole single-node cluster in this process until Ctrl-C or SIGTERM.</summary>
internal static partial class UpCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Where the cluster keeps its state (journal, certificates, admin.conf).",
            DefaultValueFactory = _ => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".orchestrator"),
        };
        var listen = new Option<string?>("--listen") { Description = "HOST:PORT of the API (default 127.0.0.1:6443)." };
        var config = new Option<string?>("--config") { Description = "A HOCON file overriding reference.conf." };
        var plainHttp = new Option<bool>("--insecure-plain-http") { Description = "Serve plain HTTP instead of HTTPS (tests only).", Hidden = true };
        var command = new Command("up", "Run a single-node cluster on the embedded defaults.") { dataDir, listen, config, plainHttp };
        command.SetAction(async (parse, ct) =>
        {
            var options = ClusterOptions.Load(Path.GetFullPath(parse.GetValue(dataDir)!), parse.GetValue(config), parse.GetValue(listen), parse.GetValue(plainHttp));
            return await RunAsync(options, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(ClusterOptions options, CancellationToken cancelled)
    {
        using var loggerFactory = LoggerFactory.Create(builder => builder
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
            })
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical)
            .AddFilter("Microsoft.Hosting", LogLevel.Warning)
            .AddFilter("Akka", LogLevel.Warning));
        var log = loggerFactory.CreateLogger("orchestrator");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancelled);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            try
            {
                // Not Cancel(): that would run the whole shutdown on the signal handler's thread.
                _ = stop.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // Already stopped.
            }
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        await using var cluster = new SingleNodeCluster(options, loggerFactory);
        try
        {
            await cluster.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException or KubeletRefusedException or ConfigException)
        {
            // Expected failures (port taken, data directory locked or unreadable) get their message, not a stack trace.
            LogCouldNotStart(log, e.Message);
            return 1;
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        LogStopping(log);
        return 0;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "the cluster could not start: {Message}")]
    private static partial void LogCouldNotStart(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopping")]
    private static partial void LogStopping(ILogger logger);
}
