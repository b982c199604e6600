using System.Text.Json.Nodes;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// Fills the fields of a pod its author may omit, as a Kubernetes API server does: the defaulting of
/// pkg/apis/core/v1 (SetDefaults_Pod, _PodSpec, _Container, _Probe, volume sources, ...) and what its
/// default admission plugins add (ServiceAccount, Priority, DefaultTolerationSeconds). Every step only
/// fills what is missing, so applying it again changes nothing.
/// </summary>
internal static class PodDefaults
{
    public const long TerminationGracePeriodSeconds = 30;
    public const string SchedulerName = "default-scheduler";
    public const string ServiceAccountName = "default";
    public const string TerminationMessagePath = "/dev/termination-log";

    // Octal 0644, the mode of files projected from secrets, config maps and the downward API.
    private const int DefaultFileMode = 420;
    private const long DefaultTokenExpirationSeconds = 3600;

    private static readonly string[] ProbeFields = ["livenessProbe", "readinessProbe", "startupProbe"];

    /// <summary>Defaults <paramref name="pod"/> in place, with default not-ready and unreachable tolerations of these lengths.</summary>
    public static void Apply(JsonObject pod, long notReadyTolerationSeconds, long unreachableTolerationSeconds) =>
        ApplyTo(pod, (notReadyTolerationSeconds, unreachableTolerationSeconds));

    /// <summary>
    /// Defaults a pod template (spec.template of a Deployment, Job, ...) in place: the pod spec defaults
    /// only. SetDefaults_Pod (enableServiceLinks, requests from limits, host ports on the host network)
    /// and the admission plugins (service account, priority, tolerations) apply to pods alone, so they
    /// happen when the controller creates the pods.
    /// </summary>
    public static void ApplyTemplate(JsonObject template) => ApplyTo(template, podTolerationSeconds: null);

    // podTolerationSeconds is null for a template, which gets none of the pod-only defaults.
    private static void ApplyTo(JsonObject owner, (long NotReady, long Unreachable)? podTolerationSeconds)
    {
        if (owner["spec"] is null)
        {
            owner["spec"] = new JsonObject();
        }

        if (owner["spec"] is not JsonObject spec)
        {
            return;
        }

        var isPod = podTolerationSeconds is not null;
        JsonFields.SetDefaultString(spec, "dnsPolicy", "ClusterFirst");
        JsonFields.SetDefaultString(spec, "restartPolicy", "Always");
        JsonFields.SetDefault(spec, "securityContext", new JsonObject());
        JsonFields.SetDefault(spec, "terminationGracePeriodSeconds", JsonFields.Number(TerminationGracePeriodSeconds));
        JsonFields.SetDefaultString(spec, "schedulerName", SchedulerName);
        if (podTolerationSeconds is { } tolerationSeconds)
        {
            JsonFields.SetDefault(spec, "enableServiceLinks", true);
            DefaultServiceAccount(spec);
            DefaultPriority(spec);
            Tolerations.AddDefaultTolerations(spec, tolerationSeconds.NotReady, tolerationSeconds.Unreachable);
        }
        else
        {
            MirrorServiceAccount(spec);
        }

        var hostNetwork = isPod && JsonFields.Bool(spec, "hostNetwork") == true;
        foreach (var list in (string[])["initContainers", "containers", "ephemeralContainers"])
        {
            foreach (var (_, container) in JsonFields.Objects(JsonFields.Array(spec, list)))
            {
                DefaultContainer(container, hostNetwork && list != "ephemeralContainers", requestsFromLimits: isPod && list != "ephemeralContainers");
            }
        }

        foreach (var (_, volume) in JsonFields.Objects(JsonFields.Array(spec, "volumes")))
        {
            DefaultVolume(volume);
        }
    }

    // The ServiceAccount admission plugin names the namespace's default account; the v1 API also
    // mirrors the name into the deprecated serviceAccount field and accepts it as the name when alone.
    private static void DefaultServiceAccount(JsonObject spec)
    {
        var name = JsonFields.String(spec, "serviceAccountName");
        if (name is null && JsonFields.Has(spec, "serviceAccountName"))
        {
            return;
        }

        if (string.IsNullOrEmpty(name))
        {
            var deprecated = JsonFields.String(spec, "serviceAccount");
            name = string.IsNullOrEmpty(deprecated) ? ServiceAccountName : deprecated;
        }

        spec["serviceAccountName"] = name;
        spec["serviceAccount"] = name;
    }

    // The v1 conversion keeps the deprecated serviceAccount and serviceAccountName in step, naming no default.
    private static void MirrorServiceAccount(JsonObject spec)
    {
        var name = JsonFields.String(spec, "serviceAccountName");
        if (string.IsNullOrEmpty(name))
        {
            name = JsonFields.String(spec, "serviceAccount");
        }

        if (!string.IsNullOrEmpty(name))
        {
            spec["serviceAccountName"] = name;
            spec["serviceAccount"] = name;
        }
    }

    // The Priority admission plugin: the two built-in system classes, otherwise the default of 0.
    private static void DefaultPriority(JsonObject spec)
    {
        if (!JsonFields.Has(spec, "priority"))
        {
            spec["priority"] = JsonFields.Number(JsonFields.String(spec, "priorityClassName") switch
            {
                "system-node-critical" => 2000001000,
                "system-cluster-critical" => 2000000000,
                _ => 0,
            });
        }

        JsonFields.SetDefaultString(spec, "preemptionPolicy", "PreemptLowerPriority");
    }

    private static void DefaultContainer(JsonObject container, bool hostNetwork, bool requestsFromLimits)
    {
        if (JsonFields.String(container, "imagePullPolicy") is null or "" && !IsWrongType(container, "imagePullPolicy"))
        {
            container["imagePullPolicy"] = ImagePullPolicy.DefaultFor(JsonFields.String(container, "image") ?? "");
        }

        JsonFields.SetDefaultString(container, "terminationMessagePath", TerminationMessagePath);
        JsonFields.SetDefaultString(container, "terminationMessagePolicy", "File");
        foreach (var (_, port) in JsonFields.Objects(JsonFields.Array(container, "ports")))
        {
            JsonFields.SetDefaultString(port, "protocol", "TCP");
            if (hostNetwork && JsonFields.Integer(port, "hostPort") is null or 0 && JsonFields.Integer(port, "containerPort") is { } containerPort)
            {
                port["hostPort"] = JsonFields.Number(containerPort);
            }
        }

        JsonFields.SetDefault(container, "resources", new JsonObject());
        if (requestsFromLimits && container["resources"] is JsonObject resources && resources["limits"] is JsonObject limits)
        {
            // A limit without a request requests the limit (SetDefaults_Pod).
            var requests = JsonFields.EnsureObject(resources, "requests");
            foreach (var (name, limit) in limits)
            {
                if (!requests.ContainsKey(name))
                {
                    requests[name] = limit?.DeepClone();
                }
            }
        }

        foreach (var (_, env) in JsonFields.Objects(JsonFields.Array(container, "env")))
        {
            DefaultFieldRef(JsonFields.Object(JsonFields.Object(env, "valueFrom"), "fieldRef"));
        }

        foreach (var field in ProbeFields)
        {
            if (container[field] is JsonObject probe)
            {
                DefaultProbe(probe);
            }
        }

        var lifecycle = JsonFields.Object(container, "lifecycle");
        DefaultHttpGet(JsonFields.Object(JsonFields.Object(lifecycle, "postStart"), "httpGet"));
        DefaultHttpGet(JsonFields.Object(JsonFields.Object(lifecycle, "preStop"), "httpGet"));
    }

    private static void DefaultProbe(JsonObject probe)
    {
        // Go's zero value counts as unset, so an explicit 0 is defaulted too.
        SetDefaultNumber(probe, "timeoutSeconds", 1);
        SetDefaultNumber(probe, "periodSeconds", 10);
        SetDefaultNumber(probe, "successThreshold", 1);
        SetDefaultNumber(probe, "failureThreshold", 3);
        DefaultHttpGet(JsonFields.Object(probe, "httpGet"));
    }

    private static void DefaultHttpGet(JsonObject? httpGet)
    {
        if (httpGet is not null)
        {
            JsonFields.SetDefaultString(httpGet, "path", "/");
            JsonFields.SetDefaultString(httpGet, "scheme", "HTTP");
        }
    }

    private static void DefaultFieldRef(JsonObject? fieldRef)
    {
        if (fieldRef is not null)
        {
            JsonFields.SetDefaultString(fieldRef, "apiVersion", "v1");
        }
    }

    private static void DefaultVolume(JsonObject volume)
    {
        if (!PodVolumes.SourceTypes.Any(volume.ContainsKey))
        {
            volume["emptyDir"] = new JsonObject();
        }

        foreach (var source in (string[])["secret", "configMap", "downwardAPI", "projected"])
        {
            if (volume[source] is JsonObject withMode)
            {
                JsonFields.SetDefault(withMode, "defaultMode", JsonFields.Number(DefaultFileMode));
            }
        }

        if (volume["hostPath"] is JsonObject hostPath)
        {
            JsonFields.SetDefault(hostPath, "type", "");
        }

        foreach (var (_, item) in JsonFields.Objects(JsonFields.Array(JsonFields.Object(volume, "downwardAPI"), "items")))
        {
            DefaultFieldRef(JsonFields.Object(item, "fieldRef"));
        }

        foreach (var (_, projection) in JsonFields.Objects(JsonFields.Array(JsonFields.Object(volume, "projected"), "sources")))
        {
            if (projection["serviceAccountToken"] is JsonObject token)
            {
                JsonFields.SetDefault(token, "expirationSeconds", JsonFields.Number(DefaultTokenExpirationSeconds));
            }

            foreach (var (_, item) in JsonFields.Objects(JsonFields.Array(JsonFields.Object(projection, "downwardAPI"), "items")))
            {
                DefaultFieldRef(JsonFields.Object(item, "fieldRef"));
            }
        }
    }

    private static void SetDefaultNumber(JsonObject obj, string name, long value)
    {
        if (obj[name] is null || JsonFields.Integer(obj, name) == 0)
        {
            obj[name] = JsonFields.Number(value);
        }
    }

    private static bool IsWrongType(JsonObject obj, string name) => obj[name] is not null && JsonFields.String(obj, name) is null;
}
