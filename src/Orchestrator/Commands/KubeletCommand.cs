using System.CommandLine;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Actor.Setup;
using Microsoft.Extensions.Logging;
using Orchestrator.Client;
using Orchestrator.Client.Config;
using Orchestrator.Cluster;
using Orchestrator.Hocon;
using Orchestrator.Kubelet.Node;
using Orchestrator.Logging;

namespace Orchestrator.Commands;

/// <summary>
/// <c>orchestrator kubelet --kubeconfig F</c>: runs a node's agents, this machine as a worker node of the cluster the
/// kubeconfig names, until Ctrl-C or SIGTERM, which shut the node down gracefully (the base of <c>join</c>): the
/// kubelet, and the service proxy, which Kubernetes runs on every node (k3s' agent runs both too). Either can be
/// turned off (<c>orchestrator.kubelet.enabled</c>, <c>orchestrator.proxy.enabled</c>), so the proxy also runs alone.
/// </summary>
internal static partial class KubeletCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "The kubeconfig to reach the cluster's API with.", Required = true };
        var context = new Option<string?>("--context") { Description = "The kubeconfig context to use (default: its current context)." };
        var config = new Option<string?>("--config") { Description = "A HOCON file overriding reference.conf (orchestrator.kubelet, orchestrator.proxy)." };
        var nodeName = new Option<string?>("--node-name") { Description = "The Node's name (default: orchestrator.kubelet.node-name, else the hostname)." };
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Where the kubelet keeps its files (root-dir DATA/kubelet unless orchestrator.kubelet.root-dir is set).",
            DefaultValueFactory = _ => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".orchestrator"),
        };
        var command = new Command("kubelet", "Run a node's kubelet and service proxy: this machine as a worker node of a running cluster.") { kubeconfig, context, config, nodeName, dataDir };
        command.SetAction(async (parse, ct) =>
        {
            Config settings;
            try
            {
                settings = ReferenceConfig.Load();
                if (parse.GetValue(config) is { } file)
                {
                    settings = Config.ParseFile(file).WithFallback(settings);
                }

                if (parse.GetValue(nodeName) is { } name)
                {
                    settings = Config.ParseString($"orchestrator.kubelet.node-name = \"{name}\"").WithFallback(settings);
                }

                KubeletSettings.FromConfig(settings);
            }
            catch (Exception e) when (e is ConfigException or IOException or FormatException)
            {
                await Console.Error.WriteLineAsync($"orchestrator kubelet: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            return await RunAsync(settings, parse.GetValue(kubeconfig)!, parse.GetValue(context), Path.GetFullPath(parse.GetValue(dataDir)!), ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(Config settings, string kubeconfigPath, string? context, string dataDir, CancellationToken cancelled)
    {
        using var loggerFactory = ConsoleLogging.Create();
        var log = loggerFactory.CreateLogger("orchestrator.kubelet");
        using var stop = new StopSignal(cancelled);

        KubeClient client;
        try
        {
            client = KubeClient.FromKubeconfig(Kubeconfig.Load(kubeconfigPath), context);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
        {
            LogCouldNotStart(log, e.Message);
            return 1;
        }

        using var http = client;
        var setup = BootstrapSetup.Create().WithConfig(AkkaConfig()).And(new LoggerFactorySetup(loggerFactory));
        var system = ActorSystem.Create("kubelet", setup);
        try
        {
            KubeletHost? host;
            IActorRef? proxy;
            try
            {
                host = await LocalKubelet.StartAsync(system, client, settings, dataDir, loggerFactory, clusterCa: null, stop.Token).ConfigureAwait(false);
                proxy = await LocalProxy.StartAsync(system, client, settings, dataDir, loggerFactory).ConfigureAwait(false);
            }
            catch (Exception e) when (e is KubeletRefusedException or ConfigException or IOException or UnauthorizedAccessException)
            {
                LogCouldNotStart(log, e.Message);
                return 1;
            }

            if (host is null && proxy is null)
            {
                LogNothingToRun(log);
                return 1;
            }

            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            // The kubelet's pods stop first; the proxy's rules go with the actor system, after them.
            if (host is not null)
            {
                LogStopping(log);
                var left = await host.StopAsync().ConfigureAwait(false);
                LogStopped(log, left);
            }

            return 0;
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    /// <summary>A local actor system (a kubelet is not a cluster member) whose log goes to this process's.</summary>
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

    [LoggerMessage(Level = LogLevel.Critical, Message = "the kubelet could not start: {Message}")]
    private static partial void LogCouldNotStart(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Critical, Message = "nothing to run: orchestrator.kubelet.enabled and orchestrator.proxy.enabled are both off")]
    private static partial void LogNothingToRun(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "shutting the node down")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopped ({Left} pods did not stop in time)")]
    private static partial void LogStopped(ILogger logger, int left);
}
