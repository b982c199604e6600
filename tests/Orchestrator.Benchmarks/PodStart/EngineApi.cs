using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Orchestrator.Benchmarks.PodStart;

/// <summary>
/// The Docker Engine's HTTP API over its unix socket, with nothing between: the floor the kubelet's container
/// starts are measured against (create then start, as the kubelet asks its runtime).
/// </summary>
internal sealed class EngineApi : IDisposable
{
    private readonly HttpClient _http;

    public EngineApi(string host)
    {
        var path = host.StartsWith("unix://", StringComparison.Ordinal) ? host["unix://".Length..] : host;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 256,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/v1.41/"), Timeout = TimeSpan.FromMinutes(5) };
    }

    /// <summary>
    /// Creates and starts a container of <paramref name="image"/> running <paramref name="command"/> with no network,
    /// or in another container's network namespace (<c>container:ID</c>, as a pod's app containers join its sandbox); its id.
    /// </summary>
    public async Task<string> RunAsync(string image, string[] command, string label, string networkMode = "none")
    {
        var body = new JsonObject
        {
            ["Image"] = image,
            ["Cmd"] = new JsonArray([.. command.Select(c => (JsonNode)c)]),
            ["Labels"] = new JsonObject { [label] = "true" },
            ["HostConfig"] = new JsonObject { ["NetworkMode"] = networkMode },
        };
        using var created = await _http.PostAsJsonAsync("containers/create", body);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["Id"]!.GetValue<string>();
        using var started = await _http.PostAsync($"containers/{id}/start", null);
        started.EnsureSuccessStatusCode();
        return id;
    }

    public async Task RemoveAsync(string id)
    {
        using var removed = await _http.DeleteAsync($"containers/{id}?force=true");
    }

    public void Dispose() => _http.Dispose();
}
