using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Actor.Setup;
using Microsoft.Extensions.Logging;
using Orchestrator.Client;
using Orchestrator.Client.Config;
using Orchestrator.Hocon;
using Orchestrator.Kubelet.Common;
using Orchestrator.Kubelet.Hollow;
using Orchestrator.Logging;
using Orchestrator.Model.Resources;

namespace Orchestrator.Commands;

/// <summary>
/// <c>orchestrator simulate --nodes N</c>: hollow nodes (like kwok or kubemark) against a running cluster, until
/// Ctrl-C or SIGTERM. Every simulated node is an actor of one local ActorSystem that reaches the cluster only
/// through its API. Stopping leaves the Nodes in place (their Leases lapse, as when kubelets die) unless
/// --delete-nodes-on-exit asks to remove them.
/// </summary>
internal static partial class SimulateCommand
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(60);

    public static Command Create()
    {
        var nodes = new Option<int>("--nodes") { Description = "How many nodes to simulate.", Required = true };
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "The kubeconfig to reach the cluster with (default: $KUBECONFIG, else ~/.kube/config, else ~/.orchestrator/admin.conf).",
        };
        var context = new Option<string?>("--context") { Description = "The kubeconfig context to use (default: its current context)." };
        var prefix = new Option<string?>("--name-prefix") { Description = "Nodes are named PREFIX-0 … PREFIX-(N-1) (default hollow-node)." };
        var cpu = new Option<string?>("--cpu") { Description = "Each node's CPU capacity, a quantity (default 8)." };
        var memory = new Option<string?>("--memory") { Description = "Each node's memory capacity, a quantity (default 32Gi)." };
        var pods = new Option<int?>("--pods") { Description = "How many pods each node takes (default 110)." };
        var config = new Option<string?>("--config") { Description = "A HOCON file overriding reference.conf (orchestrator.simulate, orchestrator.kubelet)." };
        var deleteNodes = new Option<bool>("--delete-nodes-on-exit") { Description = "Delete the simulated Nodes and their Leases when stopping." };
        var command = new Command("simulate", "Simulate nodes (hollow kubelets) against a running cluster.")
        {
            nodes, kubeconfig, context, prefix, cpu, memory, pods, config, deleteNodes,
        };
        command.SetAction(async (parse, ct) =>
        {
            HollowKubeletSettings settings;
            var count = parse.GetValue(nodes);
            try
            {
                settings = LoadSettings(parse.GetValue(config), parse.GetValue(prefix), parse.GetValue(cpu), parse.GetValue(memory), parse.GetValue(pods));
                settings.CheckRoomFor(count);
            }
            catch (Exception e) when (e is ConfigException or IOException or FormatException)
            {
                await Console.Error.WriteLineAsync($"orchestrator simulate: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            return await RunAsync(settings, count, parse.GetValue(kubeconfig), parse.GetValue(context), parse.GetValue(deleteNodes), ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>reference.conf, overridden by the --config file, then by the flags.</summary>
    private static HollowKubeletSettings LoadSettings(string? configFile, string? prefix, string? cpu, string? memory, int? pods)
    {
        var config = ReferenceConfig.Load();
        if (configFile is not null)
        {
            config = Config.ParseFile(configFile).WithFallback(config);
        }

        var settings = HollowKubeletSettings.FromConfig(config);
        var capacity = new Dictionary<string, string>(settings.Capacity, StringComparer.Ordinal);
        foreach (var (name, value) in (ReadOnlySpan<(string, string?)>)[("cpu", cpu), ("memory", memory), ("pods", pods?.ToString(CultureInfo.InvariantCulture))])
        {
            if (value is null)
            {
                continue;
            }

            if (!Quantity.TryParse(value, out var quantity, out var error) || quantity.Sign <= 0)
            {
                throw new ConfigException($"--{name} {value}: not a positive quantity{(error.Length > 0 ? ": " + error : "")}");
            }

            capacity[name] = value;
        }

        return settings with { NamePrefix = prefix ?? settings.NamePrefix, Capacity = capacity };
    }

    private static async Task<int> RunAsync(HollowKubeletSettings settings, int count, string? kubeconfigPath, string? context, bool deleteNodes, CancellationToken cancelled)
    {
        using var loggerFactory = ConsoleLogging.Create();
        var log = loggerFactory.CreateLogger("orchestrator.simulate");
        using var stop = new StopSignal(cancelled);

        KubeClient kubeClient;
        try
        {
            var (kubeconfig, source) = LoadKubeconfig(kubeconfigPath);
            kubeClient = KubeClient.FromKubeconfig(kubeconfig, context);
            LogConnecting(log, kubeClient.Server, source);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
        {
            LogCouldNotStart(log, e.Message);
            return 1;
        }

        using var http = kubeClient;
        using var client = new ThrottledKubeClient(http, settings.MaxRequestsInFlight);
        var setup = BootstrapSetup.Create().WithConfig(AkkaConfig()).And(new LoggerFactorySetup(loggerFactory));
        var system = ActorSystem.Create("simulate", setup);
        var kubelet = system.ActorOf(HollowKubelet.Props(client, settings, count), "hollow-kubelet");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        LogStopping(log);
        try
        {
            // The nodes stop with their parent; requests still in flight are cancelled.
            await kubelet.GracefulStop(StopTimeout).ConfigureAwait(false);
        }
        catch (TaskCanceledException)
        {
            // It did not stop in time; terminating the actor system ends it.
        }

        if (deleteNodes)
        {
            using var deadline = new CancellationTokenSource(DeleteTimeout);
            var deleted = await DeleteNodesAsync(client, settings, count, deadline.Token).ConfigureAwait(false);
            LogDeleted(log, deleted, count);
        }

        await system.Terminate().WaitAsync(StopTimeout * 2, CancellationToken.None).ConfigureAwait(false);
        LogStopped(log);
        return 0;
    }

    /// <summary>The simulated Nodes and their Leases, deleted (those already gone count as deleted).</summary>
    private static async Task<int> DeleteNodesAsync(ThrottledKubeClient client, HollowKubeletSettings settings, int count, CancellationToken ct)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var name = settings.NodeName(i);
            try
            {
                await IgnoreNotFound(client.DeleteAsync(ResourceRef.Nodes, null, name, cancellationToken: ct)).ConfigureAwait(false);
                await IgnoreNotFound(client.DeleteAsync(ResourceRef.Leases, NodeLeaseObject.Namespace, name, cancellationToken: ct)).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException or OperationCanceledException)
            {
                return false;
            }
        })).ConfigureAwait(false);
        return results.Count(r => r);

        static async Task IgnoreNotFound(Task task)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }
        }
    }

    /// <summary>--kubeconfig; else what kubectl would use; else the admin.conf of <c>orchestrator up</c> on its default data directory.</summary>
    private static (Kubeconfig Config, string Source) LoadKubeconfig(string? path)
    {
        if (path is not null)
        {
            return (Kubeconfig.Load(path), path);
        }

        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Kubeconfig.EnvironmentVariable)) || File.Exists(Kubeconfig.DefaultPath))
        {
            return (Kubeconfig.LoadDefault(), Environment.GetEnvironmentVariable(Kubeconfig.EnvironmentVariable) ?? Kubeconfig.DefaultPath);
        }

        var admin = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".orchestrator", "admin.conf");
        return File.Exists(admin)
            ? (Kubeconfig.Load(admin), admin)
            : throw new FileNotFoundException($"no kubeconfig: pass --kubeconfig, set {Kubeconfig.EnvironmentVariable}, or run `orchestrator up` first");
    }

    /// <summary>A local actor system (the simulated nodes are not cluster members) whose log goes to this process's.</summary>
    private static Akka.Configuration.Config AkkaConfig() => Akka.Configuration.ConfigurationFactory.ParseString("""
        akka {
          loggers = ["Orchestrator.Logging.AkkaLoggerBridge, orchestrator"]
          loglevel = INFO
          stdout-loglevel = WARNING
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          actor.provider = local
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """);

    [LoggerMessage(Level = LogLevel.Information, Message = "simulating nodes against {Server} (kubeconfig {Source})")]
    private static partial void LogConnecting(ILogger logger, Uri server, string source);

    [LoggerMessage(Level = LogLevel.Critical, Message = "the simulator could not start: {Message}")]
    private static partial void LogCouldNotStart(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopping")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "deleted {Deleted} of {Count} nodes")]
    private static partial void LogDeleted(ILogger logger, int deleted, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopped")]
    private static partial void LogStopped(ILogger logger);
}
