using System.CommandLine;
using Orchestrator.Commands;

namespace Orchestrator;

/// <summary>The single executable: the launcher verbs (up; init and join later) and the ctl verbs.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("Orchestrator: a Kubernetes-compatible container orchestrator built on actors.")
        {
            UpCommand.Create(),
        };
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }
}
