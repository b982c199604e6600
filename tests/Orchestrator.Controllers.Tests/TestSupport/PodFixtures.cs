using System.Text.Json.Nodes;
using Orchestrator.Client;

namespace Orchestrator.Controllers.Tests.TestSupport;

/// <summary>Pods in the states a kubelet would report, written through the API: bound to a node, with an IP, Ready or not.</summary>
public static class PodFixtures
{
    /// <summary>Creates a pod with these labels and container ports ("name:number"), binds it and reports it Running with the IP.</summary>
    public static async Task<JsonObject> CreateRunningPodAsync(IKubeClient client, string ns, string name, IReadOnlyDictionary<string, string> labels, string ip, bool ready, string node = "node-1", params string[] ports)
    {
        ArgumentNullException.ThrowIfNull(client);
        var containerPorts = new JsonArray();
        foreach (var port in ports)
        {
            var parts = port.Split(':');
            containerPorts.Add(new JsonObject { ["name"] = parts[0], ["containerPort"] = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) });
        }

        var labelObject = new JsonObject();
        foreach (var (k, v) in labels)
        {
            labelObject[k] = v;
        }

        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labelObject },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox:local", ["ports"] = containerPorts }) },
        };
        await client.CreateAsync(ResourceRef.Pods, pod);
        await client.CreateSubresourceAsync(ResourceRef.Pods, ns, name, "binding", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Binding",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["target"] = new JsonObject { ["kind"] = "Node", ["name"] = node },
        });
        return await SetStatusAsync(client, ns, name, ip, ready, DateTimeOffset.UtcNow);
    }

    /// <summary>Reports the pod Running at the IP with its Ready condition set, changed at <paramref name="at"/>.</summary>
    public static Task<JsonObject> SetStatusAsync(IKubeClient client, string ns, string name, string ip, bool ready, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(client);
        var time = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["podIP"] = ip,
                ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip }),
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False", ["lastTransitionTime"] = time }),
            },
        };
        return client.PatchAsync(ResourceRef.Pods, ns, name, PatchType.Merge, status, "status");
    }
}
