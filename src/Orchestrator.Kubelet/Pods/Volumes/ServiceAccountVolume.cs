using System.Text.Json.Nodes;

namespace Orchestrator.Kubelet.Pods.Volumes;

/// <summary>
/// The kube-api-access volume Kubernetes' ServiceAccount admission adds to a pod (our API does not add it, so the
/// kubelet does, to its own copy of the pod): a projected service-account token, the cluster CA from the
/// kube-root-ca.crt ConfigMap and the namespace, mounted read-only at /var/run/secrets/kubernetes.io/serviceaccount in
/// every container that mounts nothing there — unless automountServiceAccountToken is false on the pod or its account.
/// </summary>
public static class ServiceAccountVolume
{
    public const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
    public const string VolumeName = "kube-api-access";
    public const string RootCaConfigMap = "kube-root-ca.crt";

    /// <summary>A copy of <paramref name="pod"/> with the volume and its mounts, or the pod itself when it is not to have one.</summary>
    public static JsonObject AddTo(JsonObject pod, bool? accountAutomount, TimeSpan expiration)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var spec = PodSpecs.Spec(pod);
        var automount = PodSpecs.Bool(spec, "automountServiceAccountToken") ?? accountAutomount ?? true;
        if (!automount || PodSpecs.Volumes(pod).Any(v => PodSpecs.Str(v, "name")?.StartsWith(VolumeName, StringComparison.Ordinal) == true))
        {
            return pod;
        }

        var copy = (JsonObject)pod.DeepClone();
        var copySpec = (JsonObject)copy["spec"]!;
        var volumes = copySpec["volumes"] as JsonArray ?? [];
        copySpec["volumes"] = volumes;
        volumes.Add(new JsonObject
        {
            ["name"] = VolumeName,
            ["projected"] = new JsonObject
            {
                ["defaultMode"] = 420,
                ["sources"] = new JsonArray(
                    new JsonObject { ["serviceAccountToken"] = new JsonObject { ["expirationSeconds"] = (long)expiration.TotalSeconds, ["path"] = "token" } },
                    new JsonObject { ["configMap"] = new JsonObject { ["name"] = RootCaConfigMap, ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }) } },
                    new JsonObject
                    {
                        ["downwardAPI"] = new JsonObject
                        {
                            ["items"] = new JsonArray(new JsonObject { ["path"] = "namespace", ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" } }),
                        },
                    }),
            },
        });
        foreach (var field in (ReadOnlySpan<string>)["initContainers", "containers"])
        {
            foreach (var container in PodSpecs.Objects(copySpec[field]))
            {
                var mounts = container["volumeMounts"] as JsonArray ?? [];
                container["volumeMounts"] = mounts;
                if (!PodSpecs.Objects(mounts).Any(m => PodSpecs.Str(m, "mountPath")?.TrimEnd('/') == MountPath))
                {
                    mounts.Add(new JsonObject { ["name"] = VolumeName, ["readOnly"] = true, ["mountPath"] = MountPath });
                }
            }
        }

        return copy;
    }
}
