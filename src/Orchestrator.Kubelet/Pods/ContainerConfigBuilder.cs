using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Pods.Env;
using Orchestrator.Kubelet.Runtime;
using Orchestrator.Model.Objects;

namespace Orchestrator.Kubelet.Pods;

/// <summary>
/// Turns a container of the pod spec into the runtime's <see cref="ContainerConfig"/>: command and args
/// $(VAR)-expanded against its environment, workingDir, env, the volume mounts (subPath, readOnly) onto the pod's
/// materialised volumes, resources, and the labels by which the kubelet finds it again (restart count included).
/// </summary>
public static class ContainerConfigBuilder
{
    public static ContainerConfig Build(JsonObject pod, JsonObject container, IReadOnlyList<KeyValuePair<string, string>> env, IReadOnlyDictionary<string, string> volumes, string nodeName, int restartCount)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(volumes);
        var values = env.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        List<string> Expand(string field) => container[field] is JsonArray array
            ? [.. array.Select(a => VariableExpansion.Expand(a?.GetValue<string>() ?? "", v => values.GetValueOrDefault(v)))]
            : [];

        var mounts = new List<Mount>();
        foreach (var mount in PodSpecs.Objects(container["volumeMounts"]))
        {
            var name = PodSpecs.Str(mount, "name") ?? "";
            if (!volumes.TryGetValue(name, out var hostPath))
            {
                throw new ContainerConfigException($"cannot find volume \"{name}\" to mount into container \"{PodSpecs.Str(container, "name")}\"");
            }

            var subPath = PodSpecs.Str(mount, "subPath") is { Length: > 0 } sub ? sub : PodSpecs.Str(mount, "subPathExpr") is { Length: > 0 } expr ? VariableExpansion.Expand(expr, v => values.GetValueOrDefault(v)) : null;
            if (subPath is not null)
            {
                if (subPath.Split('/').Contains("..") || Path.IsPathRooted(subPath))
                {
                    throw new ContainerConfigException($"subPath \"{subPath}\" must be a relative path without '..'");
                }

                hostPath = Path.Combine(hostPath, subPath);
                if (!File.Exists(hostPath))
                {
                    Directory.CreateDirectory(hostPath);
                }
            }

            mounts.Add(new Mount(hostPath, PodSpecs.Str(mount, "mountPath") ?? "/", PodSpecs.Bool(mount, "readOnly") == true));
        }

        var resources = ContainerResources.Of(container);
        var name1 = PodSpecs.Str(container, "name") ?? "";
        return new ContainerConfig
        {
            Name = name1,
            Image = PodSpecs.Str(container, "image") ?? "",
            Command = Expand("command"),
            Args = Expand("args"),
            WorkingDir = PodSpecs.Str(container, "workingDir"),
            Env = env,
            Mounts = mounts,
            Labels = Labels(pod, nodeName, name1, restartCount),
            Tty = PodSpecs.Bool(container, "tty") == true,
            Stdin = PodSpecs.Bool(container, "stdin") == true,
            CpuLimitMillis = resources.CpuLimitMillis,
            CpuRequestMillis = resources.CpuRequestMillis,
            MemoryLimitBytes = resources.MemoryLimitBytes,
        };
    }

    /// <summary>The labels of a pod's sandbox (<paramref name="container"/> null) or of one of its containers.</summary>
    public static Dictionary<string, string> Labels(JsonObject pod, string nodeName, string? container, int restartCount = 0)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RuntimeLabels.PodUid] = KubeObject.Uid(pod) ?? "",
            [RuntimeLabels.PodName] = KubeObject.Name(pod) ?? "",
            [RuntimeLabels.PodNamespace] = KubeObject.Namespace(pod) ?? "default",
            [RuntimeLabels.NodeName] = nodeName,
            [RuntimeLabels.ContainerName] = container ?? RuntimeLabels.SandboxContainerName,
        };
        if (container is not null)
        {
            labels[RuntimeLabels.RestartCount] = restartCount.ToString(CultureInfo.InvariantCulture);
        }

        return labels;
    }

    /// <summary>The restart count a container carries in its labels (0 when it has none).</summary>
    public static int RestartCount(IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue(RuntimeLabels.RestartCount, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
}
