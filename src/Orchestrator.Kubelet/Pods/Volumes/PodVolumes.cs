using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Kubelet.Pods.Env;
using Orchestrator.Model.Objects;

namespace Orchestrator.Kubelet.Pods.Volumes;

/// <summary>
/// Materialises a pod's volumes as directories under its pod directory (the kubelet's volume manager, for the
/// kinds a node can serve by itself): emptyDir, hostPath, configMap and secret (items, defaultMode, optional),
/// downwardAPI, and projected (those three plus serviceAccountToken through the TokenRequest API, bound to the pod).
/// Containers then bind-mount them (subPath, readOnly). Set up again on every sync, so that ConfigMap and Secret
/// changes reach running pods (as the kubelet's periodic remount does) and tokens are renewed before they expire.
/// </summary>
public sealed class PodVolumes
{
    private const int DefaultMode = 420; // 0644, Kubernetes' defaultMode
    private readonly IKubeClient _client;
    private readonly JsonObject _pod;
    private readonly string _podDirectory;
    private readonly EnvResolver _resolver;

    public PodVolumes(IKubeClient client, JsonObject pod, string podDirectory)
    {
        _client = client;
        _pod = pod;
        _podDirectory = podDirectory;
        _resolver = new EnvResolver(client, pod);
    }

    /// <summary>Writes every volume and returns each one's host directory (or file, for a hostPath file) by name.</summary>
    /// <exception cref="VolumeException">A volume cannot be set up.</exception>
    /// <param name="newTokens">Request new service-account tokens; false keeps the token files already written.</param>
    public async Task<Dictionary<string, string>> SetUpAsync(string podIp, string hostIp, CancellationToken cancellationToken, bool newTokens = true)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var volume in PodSpecs.Volumes(_pod))
        {
            var name = PodSpecs.Str(volume, "name") ?? "";
            if (volume["hostPath"] is JsonObject hostPath)
            {
                paths[name] = HostPath(hostPath);
                continue;
            }

            var kind = volume["configMap"] is not null ? "configmap" : volume["secret"] is not null ? "secret" : volume["downwardAPI"] is not null ? "downward-api" : volume["projected"] is not null ? "projected" : "empty-dir";
            var dir = Path.Combine(_podDirectory, "volumes", kind, name);
            Directory.CreateDirectory(dir);
            paths[name] = dir;
            var files = new Dictionary<string, (byte[] Data, int Mode)>(StringComparer.Ordinal);
            if (volume["configMap"] is JsonObject configMap)
            {
                await AddObjectAsync(files, ResourceRef.ConfigMaps, configMap, PodSpecs.Str(configMap, "name") ?? "", Mode(configMap), cancellationToken).ConfigureAwait(false);
            }
            else if (volume["secret"] is JsonObject secret)
            {
                await AddObjectAsync(files, ResourceRef.Secrets, secret, PodSpecs.Str(secret, "secretName") ?? "", Mode(secret), cancellationToken).ConfigureAwait(false);
            }
            else if (volume["downwardAPI"] is JsonObject downward)
            {
                AddDownward(files, downward, Mode(downward), podIp, hostIp);
            }
            else if (volume["projected"] is JsonObject projected)
            {
                var mode = Mode(projected);
                foreach (var source in PodSpecs.Objects(projected["sources"]))
                {
                    if (source["configMap"] is JsonObject cm)
                    {
                        await AddObjectAsync(files, ResourceRef.ConfigMaps, cm, PodSpecs.Str(cm, "name") ?? "", mode, cancellationToken).ConfigureAwait(false);
                    }
                    else if (source["secret"] is JsonObject s)
                    {
                        await AddObjectAsync(files, ResourceRef.Secrets, s, PodSpecs.Str(s, "name") ?? "", mode, cancellationToken).ConfigureAwait(false);
                    }
                    else if (source["downwardAPI"] is JsonObject d)
                    {
                        AddDownward(files, d, mode, podIp, hostIp);
                    }
                    else if (source["serviceAccountToken"] is JsonObject token)
                    {
                        var path = PodSpecs.Str(token, "path") ?? "token";
                        if (newTokens || !File.Exists(Path.Combine(dir, path)))
                        {
                            files[path] = (Encoding.UTF8.GetBytes(await TokenAsync(token, cancellationToken).ConfigureAwait(false)), mode);
                        }
                    }
                }
            }

            Write(dir, files);
        }

        return paths;
    }

    /// <summary>Removes the pod's directory and everything in it (not hostPath volumes, which are the node's).</summary>
    public static void TearDown(string podDirectory)
    {
        try
        {
            if (Directory.Exists(podDirectory))
            {
                Directory.Delete(podDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held open by an ending process: the next kubelet start cleans up.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static int Mode(JsonObject source) => (int)(PodSpecs.Int(source, "defaultMode") ?? DefaultMode);

    private static string HostPath(JsonObject hostPath)
    {
        var path = PodSpecs.Str(hostPath, "path") ?? "/";
        switch (PodSpecs.Str(hostPath, "type") ?? "")
        {
            case "DirectoryOrCreate":
                Directory.CreateDirectory(path);
                break;
            case "FileOrCreate":
                if (!File.Exists(path))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path) ?? "/");
                    File.WriteAllBytes(path, []);
                }

                break;
            case "Directory" when !Directory.Exists(path):
                throw new VolumeException($"hostPath type check failed: {path} is not a directory");
            case "File" when !File.Exists(path):
                throw new VolumeException($"hostPath type check failed: {path} is not a file");
        }

        return path;
    }

    private async Task AddObjectAsync(Dictionary<string, (byte[], int)> files, ResourceRef resource, JsonObject source, string name, int mode, CancellationToken cancellationToken)
    {
        var obj = await _resolver.GetAsync(resource, name, cancellationToken).ConfigureAwait(false);
        var optional = PodSpecs.Bool(source, "optional") == true;
        var kind = resource == ResourceRef.Secrets ? "secret" : "configmap";
        if (obj is null)
        {
            if (optional)
            {
                return;
            }

            throw new VolumeException($"{kind} \"{name}\" not found");
        }

        var data = EnvResolver.RawData(obj, resource);
        if (source["items"] is JsonArray items && items.Count > 0)
        {
            foreach (var item in PodSpecs.Objects(items))
            {
                var key = PodSpecs.Str(item, "key") ?? "";
                if (!data.TryGetValue(key, out var bytes))
                {
                    if (optional)
                    {
                        continue;
                    }

                    throw new VolumeException($"configmap references non-existent config key: {key}".Replace("configmap", kind, StringComparison.Ordinal));
                }

                files[PodSpecs.Str(item, "path") ?? key] = (bytes, (int)(PodSpecs.Int(item, "mode") ?? mode));
            }
        }
        else
        {
            foreach (var (key, bytes) in data)
            {
                files[key] = (bytes, mode);
            }
        }
    }

    private void AddDownward(Dictionary<string, (byte[], int)> files, JsonObject downward, int mode, string podIp, string hostIp)
    {
        foreach (var item in PodSpecs.Objects(downward["items"]))
        {
            string? value = null;
            if (item["fieldRef"] is JsonObject fieldRef)
            {
                value = _resolver.FieldValue(PodSpecs.Str(fieldRef, "fieldPath") ?? "", podIp, hostIp);
            }
            else if (item["resourceFieldRef"] is JsonObject resourceRef)
            {
                var containerName = PodSpecs.Str(resourceRef, "containerName");
                var container = PodSpecs.Containers(_pod).Concat(PodSpecs.InitContainers(_pod)).FirstOrDefault(c => PodSpecs.Str(c, "name") == containerName) ?? [];
                value = EnvResolver.ResourceValue(resourceRef, container);
            }

            files[PodSpecs.Str(item, "path") ?? ""] = (Encoding.UTF8.GetBytes(value ?? ""), (int)(PodSpecs.Int(item, "mode") ?? mode));
        }
    }

    private async Task<string> TokenAsync(JsonObject source, CancellationToken cancellationToken)
    {
        var spec = new JsonObject
        {
            ["expirationSeconds"] = PodSpecs.Int(source, "expirationSeconds") ?? 3607,
            ["boundObjectRef"] = new JsonObject { ["kind"] = "Pod", ["apiVersion"] = "v1", ["name"] = KubeObject.Name(_pod), ["uid"] = KubeObject.Uid(_pod) },
        };
        if (PodSpecs.Str(source, "audience") is { Length: > 0 } audience)
        {
            spec["audiences"] = new JsonArray(audience);
        }

        var request = new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = spec };
        try
        {
            var answer = await _client.CreateSubresourceAsync(ResourceRef.ServiceAccounts, KubeObject.Namespace(_pod), PodSpecs.ServiceAccountName(_pod), "token", request, cancellationToken).ConfigureAwait(false);
            return KubeObject.GetString(answer, "status", "token") ?? throw new VolumeException("the TokenRequest answer has no token");
        }
        catch (KubeApiException failure)
        {
            throw new VolumeException($"failed to fetch token: {failure.Message}", failure);
        }
    }

    private static void Write(string dir, Dictionary<string, (byte[] Data, int Mode)> files)
    {
        foreach (var (relative, (data, mode)) in files)
        {
            var path = Path.GetFullPath(Path.Combine(dir, relative));
            if (!path.StartsWith(Path.GetFullPath(dir), StringComparison.Ordinal) || relative.Length == 0)
            {
                throw new VolumeException(string.Create(CultureInfo.InvariantCulture, $"item path {relative} leaves the volume"));
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(data))
            {
                continue;
            }

            // Written beside it with its mode, then renamed over it: a reader in the container sees the old content or
            // the new, never a missing or half-written file (what Kubernetes' AtomicWriter guarantees with its ..data
            // symlink); and the old file may be read-only (a Secret's 0400) to a kubelet without root.
            var temporary = Path.Combine(Path.GetDirectoryName(path)!, $"..{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
            File.WriteAllBytes(temporary, data);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, (UnixFileMode)(mode & 0x1FF));
            }

            File.Move(temporary, path, overwrite: true);
        }
    }
}
