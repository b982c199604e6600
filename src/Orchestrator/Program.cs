using System.CommandLine;
using Orchestrator.Commands;

namespace Orchestrator;

/// <summary>The single executable: the launcher verbs (up, simulate, kubelet; init and join later) and the ctl verbs.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("Orchestrator: a Kubernetes-compatible container orchestrator built on actors.")
        {
            UpCommand.Create(),
            SimulateCommand.Create(),
            KubeletCommand.Create(),
        };
        // Ctrl-C and SIGTERM are the commands' own business (up stops its components in order, however long
        // that takes); System.CommandLine would otherwise cancel too and give up waiting after 2 s.
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }
}
