using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Resources;

namespace Orchestrator.Kubelet.Pods.Env;

/// <summary>
/// A container's environment as the kubelet makes it (makeEnvironmentVariables): envFrom first (ConfigMaps and
/// Secrets, each key with the prefix), then env in order, each value $(VAR)-expanded against what came before;
/// valueFrom reads the pod's fields, the container's resources, and ConfigMap or Secret keys through the API.
/// A missing source that is not optional throws <see cref="ContainerConfigException"/>. The Service variables
/// (<see cref="ServiceEnvironment"/>) come last, except where the container defines the name itself, and $(VAR)
/// can refer to them.
/// </summary>
public sealed class EnvResolver
{
    private readonly IKubeClient _client;
    private readonly JsonObject _pod;
    private readonly string _ns;
    private readonly Dictionary<(ResourceRef, string), JsonObject?> _objects = [];
    private Dictionary<string, string>? _serviceEnv;

    public EnvResolver(IKubeClient client, JsonObject pod)
    {
        _client = client;
        _pod = pod;
        _ns = KubeObject.Namespace(pod) ?? "default";
    }

    /// <summary>The environment of <paramref name="container"/>, in order, for a pod at <paramref name="podIp"/> on a node at <paramref name="hostIp"/>.</summary>
    public async Task<List<KeyValuePair<string, string>>> ResolveAsync(JsonObject container, string podIp, string hostIp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        var env = new List<KeyValuePair<string, string>>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Set(string name, string value)
        {
            env.RemoveAll(e => e.Key == name);
            env.Add(new(name, value));
            values[name] = value;
        }

        foreach (var from in PodSpecs.Objects(container["envFrom"]))
        {
            var prefix = PodSpecs.Str(from, "prefix") ?? "";
            var (resource, reference, kind) = from["configMapRef"] is JsonObject cm ? (ResourceRef.ConfigMaps, cm, "configmap") : from["secretRef"] is JsonObject s ? (ResourceRef.Secrets, s, "secret") : default;
            if (reference is null)
            {
                continue;
            }

            var name = PodSpecs.Str(reference, "name") ?? "";
            var obj = await GetAsync(resource, name, cancellationToken).ConfigureAwait(false);
            if (obj is null)
            {
                if (PodSpecs.Bool(reference, "optional") == true)
                {
                    continue;
                }

                throw new ContainerConfigException($"{kind} \"{name}\" not found");
            }

            foreach (var (key, value) in Data(obj, resource))
            {
                Set(prefix + key, value);
            }
        }

        var serviceEnv = await ServiceEnvAsync(cancellationToken).ConfigureAwait(false);
        foreach (var entry in PodSpecs.Objects(container["env"]))
        {
            var name = PodSpecs.Str(entry, "name") ?? "";
            if (entry["valueFrom"] is JsonObject valueFrom)
            {
                if (await ValueFromAsync(valueFrom, container, podIp, hostIp, cancellationToken).ConfigureAwait(false) is { } value)
                {
                    Set(name, value);
                }
            }
            else
            {
                Set(name, VariableExpansion.Expand(PodSpecs.Str(entry, "value") ?? "", v => values.GetValueOrDefault(v) ?? serviceEnv.GetValueOrDefault(v)));
            }
        }

        foreach (var (name, value) in serviceEnv)
        {
            if (!values.ContainsKey(name))
            {
                env.Add(new(name, value));
            }
        }

        return env;
    }

    /// <summary>The Service variables of the pod (listed once per resolver), by name in Kubernetes' order.</summary>
    private async Task<Dictionary<string, string>> ServiceEnvAsync(CancellationToken cancellationToken)
    {
        if (_serviceEnv is not null)
        {
            return _serviceEnv;
        }

        var enableServiceLinks = PodSpecs.Bool(PodSpecs.Spec(_pod), "enableServiceLinks") != false;
        List<JsonObject> services;
        try
        {
            // The namespace's Services only when the pod wants links; the master Service always.
            services = enableServiceLinks ? [.. (await _client.ListAsync(ResourceRef.Services, _ns, cancellationToken: cancellationToken).ConfigureAwait(false)).Items] : [];
            if (_ns != "default" || !enableServiceLinks)
            {
                services.AddRange((await _client.ListAsync(ResourceRef.Services, "default", new ListOptions { FieldSelector = "metadata.name=kubernetes" }, cancellationToken).ConfigureAwait(false)).Items);
            }
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException)
        {
            // As the kubelet does before its Service informer has synced: retried with the next sync.
            throw new ContainerConfigException($"services have not yet been read at least once, cannot construct envvars: {e.Message}");
        }

        _serviceEnv = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in ServiceEnvironment.FromServices(ServiceEnvironment.Select(services, _ns, enableServiceLinks)))
        {
            _serviceEnv.TryAdd(name, value);
        }

        return _serviceEnv;
    }

    private async Task<string?> ValueFromAsync(JsonObject valueFrom, JsonObject container, string podIp, string hostIp, CancellationToken cancellationToken)
    {
        if (valueFrom["fieldRef"] is JsonObject fieldRef)
        {
            return FieldValue(PodSpecs.Str(fieldRef, "fieldPath") ?? "", podIp, hostIp);
        }

        if (valueFrom["resourceFieldRef"] is JsonObject resourceRef)
        {
            return ResourceValue(resourceRef, container);
        }

        var (resource, keyRef, kind) = valueFrom["configMapKeyRef"] is JsonObject cm ? (ResourceRef.ConfigMaps, cm, "ConfigMap") : valueFrom["secretKeyRef"] is JsonObject s ? (ResourceRef.Secrets, s, "Secret") : default;
        if (keyRef is null)
        {
            return null;
        }

        var name = PodSpecs.Str(keyRef, "name") ?? "";
        var key = PodSpecs.Str(keyRef, "key") ?? "";
        var optional = PodSpecs.Bool(keyRef, "optional") == true;
        var obj = await GetAsync(resource, name, cancellationToken).ConfigureAwait(false);
        if (obj is null)
        {
            return optional ? null : throw new ContainerConfigException($"{kind.ToLowerInvariant()} \"{name}\" not found");
        }

        var data = Data(obj, resource);
        return data.TryGetValue(key, out var found) ? found
            : optional ? null : throw new ContainerConfigException($"couldn't find key {key} in {kind} {_ns}/{name}");
    }

    /// <summary>The value of a fieldRef's fieldPath (the downward API), or null for one it does not know.</summary>
    public string? FieldValue(string path, string podIp, string hostIp)
    {
        switch (path)
        {
            case "metadata.name": return KubeObject.Name(_pod);
            case "metadata.namespace": return _ns;
            case "metadata.uid": return KubeObject.Uid(_pod);
            case "spec.nodeName": return KubeObject.GetString(_pod, "spec", "nodeName");
            case "spec.serviceAccountName": return PodSpecs.ServiceAccountName(_pod);
            case "status.podIP": case "status.podIPs": return podIp;
            case "status.hostIP": case "status.hostIPs": return hostIp;
            case "metadata.labels": return FormatMap(KubeObject.Labels(_pod));
            case "metadata.annotations": return FormatMap(KubeObject.Annotations(_pod));
        }

        // metadata.labels['key'] and metadata.annotations['key'].
        foreach (var (prefix, map) in new[] { ("metadata.labels[", (Func<Dictionary<string, string>>)(() => KubeObject.Labels(_pod))), ("metadata.annotations[", () => KubeObject.Annotations(_pod)) })
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && path.EndsWith(']'))
            {
                var key = path[prefix.Length..^1].Trim('\'', '"');
                return map().GetValueOrDefault(key, "");
            }
        }

        return null;
    }

    /// <summary>The downward API's form of labels and annotations: key="value" lines, sorted by key.</summary>
    public static string FormatMap(IReadOnlyDictionary<string, string> map) =>
        string.Join('\n', map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}=\"{p.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\""));

    /// <summary>A resourceFieldRef's value: the container's request or limit divided by the divisor, rounded up (a limit not set is the node's capacity).</summary>
    public static string ResourceValue(JsonObject resourceRef, JsonObject container)
    {
        ArgumentNullException.ThrowIfNull(resourceRef);
        var resource = PodSpecs.Str(resourceRef, "resource") ?? "";
        var divisor = Quantity.TryParse(PodSpecs.Str(resourceRef, "divisor") ?? resourceRef["divisor"]?.ToString(), out var d) && !d.IsZero ? d : Quantity.FromInt64(1);
        var parts = resource.Split('.', 2);
        var quantity = parts.Length == 2 && container["resources"]?[parts[0]]?[parts[1]] is { } q ? Quantity.FromJsonNode(q) : (Quantity?)null;
        if (quantity is null && parts[0] == "limits")
        {
            quantity = parts[1] == "cpu" ? Quantity.FromInt64(Environment.ProcessorCount) : Quantity.FromInt64(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        }

        var value = quantity ?? Quantity.Zero;
        if (parts.Length == 2 && parts[1] == "cpu")
        {
            return Math.Max(1, (long)Math.Ceiling(value.MilliValue() / (double)divisor.MilliValue())).ToString(CultureInfo.InvariantCulture);
        }

        return ((long)Math.Ceiling(value.ToDouble() / divisor.ToDouble())).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A ConfigMap's data (and binaryData as text) or a Secret's data decoded, by key.</summary>
    public static Dictionary<string, string> Data(JsonObject obj, ResourceRef resource) =>
        RawData(obj, resource).ToDictionary(p => p.Key, p => Encoding.UTF8.GetString(p.Value), StringComparer.Ordinal);

    /// <summary>A ConfigMap's data and binaryData or a Secret's data (and stringData), as bytes by key.</summary>
    public static Dictionary<string, byte[]> RawData(JsonObject obj, ResourceRef resource)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(resource);
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var secret = resource == ResourceRef.Secrets;
        if (obj["data"] is JsonObject values)
        {
            foreach (var (key, value) in values)
            {
                var text = value?.GetValue<string>() ?? "";
                data[key] = secret ? Convert.FromBase64String(text) : Encoding.UTF8.GetBytes(text);
            }
        }

        if (obj[secret ? "stringData" : "binaryData"] is JsonObject other)
        {
            foreach (var (key, value) in other)
            {
                var text = value?.GetValue<string>() ?? "";
                data[key] = secret ? Encoding.UTF8.GetBytes(text) : Convert.FromBase64String(text);
            }
        }

        return data;
    }

    /// <summary>A ConfigMap or Secret of the pod's namespace, or null when there is none (read once per resolution).</summary>
    public async Task<JsonObject?> GetAsync(ResourceRef resource, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (_objects.TryGetValue((resource, name), out var cached))
        {
            return cached;
        }

        JsonObject? obj;
        try
        {
            obj = await _client.GetAsync(resource, _ns, name, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException notFound) when (notFound.IsNotFound)
        {
            obj = null;
        }

        _objects[(resource, name)] = obj;
        return obj;
    }
}
