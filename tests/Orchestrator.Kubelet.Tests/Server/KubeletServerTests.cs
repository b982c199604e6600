using Xunit;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Client.Security;
using Orchestrator.Kubelet.Server;

namespace Orchestrator.Kubelet.Tests.Server;

public sealed class KubeletServerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private KubeletTestServer _kubelet = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _kubelet = await KubeletTestServer.StartAsync();
        _client = _kubelet.Client(_kubelet.ClientCertificate);
        _kubelet.Runtime.Add("c-old", running: false, exitCode: 1, FakeStreamingRuntime.Line(T0, "old run\n"));
        _kubelet.Runtime.Add(
            "c-app",
            running: true,
            exitCode: null,
            FakeStreamingRuntime.Line(T0, "one\n"),
            FakeStreamingRuntime.Line(T0.AddSeconds(1), "two\n"),
            FakeStreamingRuntime.Line(T0.AddSeconds(2), "three\n"));
        _kubelet.Locator.Set(new LocatedPod("default", "web", "uid-1", "sb-1", "127.0.0.1", [
            new LocatedContainer("app", "c-app", null, "c-old"),
            new LocatedContainer("sidecar", null, "ContainerCreating", null),
        ]));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _kubelet.DisposeAsync();
    }

    [Fact]
    public async Task Logs_are_the_containers_lines()
    {
        Assert.Equal("one\ntwo\nthree\n", await _client.GetStringAsync("/containerLogs/default/web/app"));
    }

    [Fact]
    public async Task Logs_take_tail_since_limit_and_timestamps()
    {
        Assert.Equal("three\n", await _client.GetStringAsync("/containerLogs/default/web/app?tailLines=1"));
        Assert.Equal("two\nthree\n", await _client.GetStringAsync("/containerLogs/default/web/app?sinceTime=2026-12-04T12:00:01Z"));
        Assert.Equal("one\ntw", await _client.GetStringAsync("/containerLogs/default/web/app?limitBytes=6"));
        Assert.Equal("2026-12-04T12:00:02.000000000Z three\n", await _client.GetStringAsync("/containerLogs/default/web/app?tailLines=1&timestamps=true"));
    }

    [Fact]
    public async Task Previous_reads_the_last_terminated_instance()
    {
        Assert.Equal("old run\n", await _client.GetStringAsync("/containerLogs/default/web/app?previous=true"));
    }

    [Fact]
    public async Task Follow_streams_until_the_container_ends()
    {
        using var response = await _client.GetAsync("/containerLogs/default/web/app?follow=true&tailLines=0", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        _kubelet.Runtime.Write("c-app", T0.AddSeconds(5), "four\n");
        Assert.Equal("four", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        _kubelet.Runtime.Exit("c-app", 0);
        Assert.Equal("", await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData("/containerLogs/default/web/sidecar", 400, "container \"sidecar\" in pod \"web\" is waiting to start: ContainerCreating")]
    [InlineData("/containerLogs/default/web/sidecar?previous=true", 400, "previous terminated container \"sidecar\" in pod \"web\" not found")]
    [InlineData("/containerLogs/default/nope/app", 404, "pod \"default/nope\" does not exist")]
    [InlineData("/containerLogs/default/web/nope", 404, "container \"nope\" not found in pod \"default/web\"")]
    [InlineData("/containerLogs/default/web/app?tailLines=-1", 400, "tailLines: invalid value \"-1\": must be an integer of at least 0")]
    public async Task Refusals_are_statuses_in_the_kubelets_words(string path, int code, string message)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal(code, (int)response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal(code, status["code"]!.GetValue<int>());
        Assert.Equal(message, status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_client_certificate_it_is_unauthorized()
    {
        using var anonymous = _kubelet.Client(null);
        using var response = await anonymous.GetAsync("/containerLogs/default/web/app");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_cluster_certificate_for_someone_else_is_forbidden()
    {
        using var other = CertificateIssuer.IssueClient(_kubelet.Pki.Ca, "system:node:node-2", "system:nodes");
        using var client = _kubelet.Client(other);
        using var response = await client.GetAsync("/containerLogs/default/web/app");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_certificate_from_another_ca_is_refused_at_the_handshake()
    {
        var dir = Directory.CreateTempSubdirectory("other-pki-");
        using var otherPki = ClusterCertificates.LoadOrCreate(dir.FullName, [], []);
        dir.Delete(recursive: true);
        using var forged = CertificateIssuer.IssueClient(otherPki.Ca, KubeletClientCertificate.CommonName);
        using var client = _kubelet.Client(forged);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetStringAsync("/containerLogs/default/web/app"));
    }

    [Fact]
    public async Task Exec_streams_output_and_ends_with_the_exit_code()
    {
        using var socket = await _kubelet.ConnectAsync(
            "/exec/default/web/app?command=sh&command=-c&command=echo+hi%3B+echo+err+%3E%262%3B+exit+3&stdout=true&stderr=true",
            StreamProtocol.V5, StreamProtocol.V4);
        Assert.Equal(StreamProtocol.V5, socket.SubProtocol);
        var frames = await ReadAllAsync(socket);
        Assert.Equal("hi\n", Text(frames, StreamProtocol.Stdout));
        Assert.Equal("err\n", Text(frames, StreamProtocol.Stderr));
        var status = JsonNode.Parse(Text(frames, StreamProtocol.Error))!;
        Assert.Equal("NonZeroExitCode", status["reason"]!.GetValue<string>());
        Assert.Equal("3", status["details"]!["causes"]![0]!["message"]!.GetValue<string>());
        Assert.Equal(["sh", "-c", "echo hi; echo err >&2; exit 3"], _kubelet.Runtime.Execs.Single());
    }

    [Fact]
    public async Task Exec_takes_stdin_until_the_v5_close_frame()
    {
        using var socket = await _kubelet.ConnectAsync("/exec/default/web/app?command=cat&stdin=true&stdout=true&stderr=true", StreamProtocol.V5);
        await socket.SendAsync(new byte[] { 0, (byte)'p', (byte)'i', (byte)'n', (byte)'g', (byte)'\n' }, WebSocketMessageType.Binary, true, default);
        await socket.SendAsync(new byte[] { 255, 0 }, WebSocketMessageType.Binary, true, default);
        var frames = await ReadAllAsync(socket);
        Assert.Equal("ping\n", Text(frames, StreamProtocol.Stdout));
        Assert.Equal("Success", JsonNode.Parse(Text(frames, StreamProtocol.Error))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Exec_in_the_v4_protocol_succeeds_too()
    {
        using var socket = await _kubelet.ConnectAsync("/exec/default/web/app?command=echo&command=v4&stdout=true", StreamProtocol.V4);
        Assert.Equal(StreamProtocol.V4, socket.SubProtocol);
        var frames = await ReadAllAsync(socket);
        Assert.Equal("v4\n", Text(frames, StreamProtocol.Stdout));
        Assert.Equal("Success", JsonNode.Parse(Text(frames, StreamProtocol.Error))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Exec_in_a_container_that_is_not_running_reports_the_error_on_the_error_channel()
    {
        _kubelet.Runtime.Exit("c-app", 0);
        using var socket = await _kubelet.ConnectAsync("/exec/default/web/app?command=true&stdout=true", StreamProtocol.V5);
        var frames = await ReadAllAsync(socket);
        var status = JsonNode.Parse(Text(frames, StreamProtocol.Error))!;
        Assert.Equal("Failure", status["status"]!.GetValue<string>());
        Assert.Contains("is not running", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_without_runtime_support_streams_new_output_and_the_exit()
    {
        using var socket = await _kubelet.ConnectAsync("/attach/default/web/app?stdout=true&stderr=true", StreamProtocol.V5);
        var reading = ReadAllAsync(socket);
        await Task.Delay(200);
        _kubelet.Runtime.Write("c-app", T0.AddSeconds(9), "attached\n");
        _kubelet.Runtime.Exit("c-app", 2);
        var frames = await reading;
        Assert.Equal("attached\n", Text(frames, StreamProtocol.Stdout));
        Assert.Equal("2", JsonNode.Parse(Text(frames, StreamProtocol.Error))!["details"]!["causes"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Exec_without_a_websocket_upgrade_is_refused()
    {
        using var response = await _client.PostAsync("/exec/default/web/app?command=true&stdout=true", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<List<(byte Channel, byte[] Data)>> ReadAllAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var frames = new List<(byte, byte[])>();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                return frames;
            }

            var bytes = message.ToArray();
            if (bytes.Length > 0)
            {
                frames.Add((bytes[0], bytes[1..]));
            }
        }
    }

    private static string Text(List<(byte Channel, byte[] Data)> frames, byte channel) =>
        Encoding.UTF8.GetString([.. frames.Where(f => f.Channel == channel).SelectMany(f => f.Data)]);
}
