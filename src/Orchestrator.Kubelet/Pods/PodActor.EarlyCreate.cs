using Orchestrator.Client;
using Orchestrator.Kubelet.Pods.Env;
using Orchestrator.Kubelet.Pods.Volumes;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Pods;

/// <summary>
/// A new pod's containers created while its sandbox starts and its network is set up (when the runtime allows it):
/// a container's create is as slow as the sandbox's network set-up, and neither needs the other. They are started,
/// in the usual order, only once the sandbox is ready; pods that need their IP before that (status.podIP in env or
/// volumes), with init containers, or whose images must be pulled, take the usual path.
/// </summary>
public sealed partial class PodActor
{
    // Containers created ahead of their start, by name, with the sandbox they were created in.
    private readonly Dictionary<string, (string SandboxId, string ContainerId)> _createdEarly = new(StringComparer.Ordinal);
    private int _createdEarlyCount;

    /// <summary>Runs a new sandbox, creating the pod's containers in it meanwhile where possible; the sandbox's id.</summary>
    /// <remarks>Both flows run on the actor's scheduler (continuations on the captured context), one step at a time.</remarks>
    private async Task<string> RunSandboxAsync(PodSandboxConfig config)
    {
        if (!CanCreateEarly())
        {
            return await _runtime.RunPodSandboxAsync(config, None);
        }

        var created = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = _runtime.RunPodSandboxAsync(config, id => created.TrySetResult(id), None);
        var early = CreateEarlyAsync(created.Task, run);
        try
        {
            return await run;
        }
        catch (Exception)
        {
            // The sandbox is gone, and with it what was created in it; what was still being created goes too.
            await early.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            foreach (var (_, containerId) in _createdEarly.Values)
            {
                await _runtime.RemoveContainerAsync(containerId, None);
            }

            _createdEarly.Clear();
            throw;
        }
        finally
        {
            await early.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
    }

    private bool CanCreateEarly() =>
        !PodSpecs.InitContainers(Pod).Any()
        && _records.Values.All(r => r.Current is null)
        && !Pod.ToJsonString().Contains("status.podIP", StringComparison.Ordinal);

    private async Task CreateEarlyAsync(Task<string> created, Task run)
    {
        await Task.WhenAny(created, run);
        if (!created.IsCompletedSuccessfully || run.IsCompleted)
        {
            return;
        }

        var sandboxId = await created;
        try
        {
            if (_volumes is null)
            {
                // As the usual path does it, so that it finds them written (a failure is left for it to report).
                var now = _clock.GetUtcNow();
                _volumes = await new PodVolumes(_client, Pod, _podDirectory).SetUpAsync(_context.Node.PrimaryIp, _context.Node.PrimaryIp, None);
                _volumesWritten = now;
                _tokensWritten = now;
            }

            var sandbox = SandboxConfig();
            foreach (var spec in PodSpecs.Containers(Pod))
            {
                var name = PodSpecs.Str(spec, "name") ?? "";
                var image = PodSpecs.Str(spec, "image") ?? "";
                if (ImagePullPolicy.Of(spec) == ImagePullPolicy.Always || await _runtime.ImageStatusAsync(image, None) is null)
                {
                    continue;
                }

                var env = await new EnvResolver(_client, Pod).ResolveAsync(spec, _context.Node.PrimaryIp, _context.Node.PrimaryIp, None);
                var config = ContainerConfigBuilder.Build(Pod, spec, env, _volumes, _context.Node.Name, restartCount: 0);
                _createdEarly[name] = (sandboxId, await _runtime.CreateContainerAsync(sandboxId, config, sandbox, None));
                _createdEarlyCount++;
            }
        }
        catch (Exception failure) when (failure is KubeApiException or HttpRequestException or IOException or UnauthorizedAccessException
            or TimeoutException or InvalidOperationException or ArgumentException or ContainerConfigException or VolumeException)
        {
            // The usual path does (and reports) what could not be done here.
        }
    }

    /// <summary>The container created early for <paramref name="name"/> in the current sandbox, if any (taken once).</summary>
    private string? TakeCreatedEarly(string name) =>
        _createdEarly.Remove(name, out var early) && early.SandboxId == _sandboxId ? early.ContainerId : null;

    private bool IsCreatedEarly(string containerId) => _createdEarly.Values.Any(e => e.ContainerId == containerId);
}
