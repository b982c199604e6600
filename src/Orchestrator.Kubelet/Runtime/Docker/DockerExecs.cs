using Docker.DotNet;

namespace Orchestrator.Kubelet.Runtime.Docker;

/// <summary>The exit code of an exec: the engine reports it on the exec's inspect a moment after its output ends.</summary>
internal static class DockerExecs
{
    public static async Task<int> WaitExitCodeAsync(IDockerClient client, string execId, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var inspect = await client.Exec.InspectContainerExecAsync(execId, cancellationToken).ConfigureAwait(false);
            if (!inspect.Running)
            {
                return (int)inspect.ExitCode;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }
}
