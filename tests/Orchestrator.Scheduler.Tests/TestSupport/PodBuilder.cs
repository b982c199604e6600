using System.Text.Json.Nodes;
using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Tests.TestSupport;

/// <summary>Pods as the API serves them after defaulting, built for a test.</summary>
internal sealed class PodBuilder
{
    private readonly JsonObject _pod;
    private readonly JsonObject _spec;

    private PodBuilder(string name, string ns)
    {
        _spec = new JsonObject { ["containers"] = new JsonArray(), ["schedulerName"] = "default-scheduler", ["priority"] = 0 };
        _pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["uid"] = ns + "-" + name + "-uid", ["labels"] = new JsonObject() },
            ["spec"] = _spec,
            ["status"] = new JsonObject(),
        };
    }

    public static PodBuilder Pod(string name = "p", string ns = "default") => new(name, ns);

    public JsonObject Spec => _spec;

    public PodBuilder Label(string key, string value)
    {
        _pod["metadata"]!["labels"]![key] = value;
        return this;
    }

    public PodBuilder OnNode(string node)
    {
        _spec["nodeName"] = node;
        return this;
    }

    public PodBuilder Priority(int priority)
    {
        _spec["priority"] = priority;
        return this;
    }

    public PodBuilder NoPriority()
    {
        _spec.Remove("priority");
        return this;
    }

    public PodBuilder PriorityClass(string name)
    {
        _spec["priorityClassName"] = name;
        return this;
    }

    public PodBuilder PreemptNever()
    {
        _spec["preemptionPolicy"] = "Never";
        return this;
    }

    public PodBuilder Nominated(string node)
    {
        _pod["status"]!["nominatedNodeName"] = node;
        return this;
    }

    public PodBuilder Started(DateTimeOffset time)
    {
        _pod["status"]!["startTime"] = time.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        return this;
    }

    public PodBuilder Terminating()
    {
        _pod["metadata"]!["deletionTimestamp"] = "2025-01-01T00:00:00Z";
        return this;
    }

    /// <summary>A container requesting these resources (pairs of name and quantity; none for a request-less container).</summary>
    public PodBuilder Container(params string[] requests) => AddContainer("containers", requests, null);

    public PodBuilder InitContainer(params string[] requests) => AddContainer("initContainers", requests, null);

    public PodBuilder Sidecar(params string[] requests) => AddContainer("initContainers", requests, "Always");

    public PodBuilder Overhead(params string[] resources)
    {
        _spec["overhead"] = List(resources);
        return this;
    }

    public PodBuilder PodRequests(params string[] resources)
    {
        _spec["resources"] = new JsonObject { ["requests"] = List(resources) };
        return this;
    }

    public PodBuilder HostPort(int port, string protocol = "TCP", string? hostIp = null)
    {
        var containers = (JsonArray)_spec["containers"]!;
        if (containers.Count == 0)
        {
            Container();
        }

        var container = (JsonObject)containers[^1]!;
        if (container["ports"] is not JsonArray ports)
        {
            ports = [];
            container["ports"] = ports;
        }

        var entry = new JsonObject { ["containerPort"] = 8080, ["hostPort"] = port, ["protocol"] = protocol };
        if (hostIp is not null)
        {
            entry["hostIP"] = hostIp;
        }

        ports.Add(entry);
        return this;
    }

    public PodBuilder NodeSelector(string key, string value)
    {
        if (_spec["nodeSelector"] is not JsonObject selector)
        {
            selector = [];
            _spec["nodeSelector"] = selector;
        }

        selector[key] = value;
        return this;
    }

    public PodBuilder Toleration(string key, string op, string value = "", string effect = "")
    {
        if (_spec["tolerations"] is not JsonArray tolerations)
        {
            tolerations = [];
            _spec["tolerations"] = tolerations;
        }

        var toleration = new JsonObject { ["operator"] = op };
        if (key.Length > 0)
        {
            toleration["key"] = key;
        }

        if (value.Length > 0)
        {
            toleration["value"] = value;
        }

        if (effect.Length > 0)
        {
            toleration["effect"] = effect;
        }

        tolerations.Add(toleration);
        return this;
    }

    /// <summary>Sets spec.affinity from JSON.</summary>
    public PodBuilder Affinity(string json)
    {
        _spec["affinity"] = JsonNode.Parse(json);
        return this;
    }

    public PodBuilder Spread(int maxSkew, string topologyKey, string whenUnsatisfiable, string selectorJson, int? minDomains = null)
    {
        if (_spec["topologySpreadConstraints"] is not JsonArray constraints)
        {
            constraints = [];
            _spec["topologySpreadConstraints"] = constraints;
        }

        var constraint = new JsonObject
        {
            ["maxSkew"] = maxSkew,
            ["topologyKey"] = topologyKey,
            ["whenUnsatisfiable"] = whenUnsatisfiable,
            ["labelSelector"] = JsonNode.Parse(selectorJson),
        };
        if (minDomains is not null)
        {
            constraint["minDomains"] = minDomains;
        }

        constraints.Add(constraint);
        return this;
    }

    public JsonObject Build() => (JsonObject)_pod.DeepClone();

    public PodInfo Info() => PodInfo.FromPod(Build());

    private PodBuilder AddContainer(string list, string[] requests, string? restartPolicy)
    {
        if (_spec[list] is not JsonArray containers)
        {
            containers = [];
            _spec[list] = containers;
        }

        var container = new JsonObject { ["name"] = "c" + containers.Count, ["image"] = "busybox:local", ["resources"] = new JsonObject() };
        if (requests.Length > 0)
        {
            container["resources"]!["requests"] = List(requests);
        }

        if (restartPolicy is not null)
        {
            container["restartPolicy"] = restartPolicy;
        }

        containers.Add(container);
        return this;
    }

    private static JsonObject List(string[] pairs)
    {
        var list = new JsonObject();
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            list[pairs[i]] = pairs[i + 1];
        }

        return list;
    }
}
