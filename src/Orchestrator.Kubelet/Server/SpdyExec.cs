using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Orchestrator.Kubelet.Runtime;
using Orchestrator.Kubelet.Server.Spdy;

namespace Orchestrator.Kubelet.Server;

/// <summary>
/// Exec and attach over an HTTP upgrade to SPDY/3.1 (kubectl before 1.30, and its fallback), protocol
/// <c>v4.channel.k8s.io</c>: the client opens one stream per channel (<c>streamtype</c> error, stdin, stdout, stderr,
/// resize); once those the request asked for are there, the command runs; a failure's Status goes on the error
/// stream (a success writes nothing there), then every stream ends.
/// </summary>
public static class SpdyExec
{
    public const string Protocol = "v4.channel.k8s.io";

    // How long the client has to open its streams (the kubelet's stream creation timeout).
    private static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(30);

    public static bool IsSpdyUpgrade(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true }
            && context.Request.Headers.Upgrade.ToString().Contains("SPDY/3.1", StringComparison.OrdinalIgnoreCase);
    }

    public static async Task ServeAsync(HttpContext context, ExecRequest request, Func<CancellationToken, Task<IExecSession>> start)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(start);
        var versions = context.Request.Headers["X-Stream-Protocol-Version"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries)).ToList();
        if (!versions.Contains(Protocol))
        {
            throw new KubeletRequestException(403, "Forbidden", $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(' ', versions)}], server accepts [{Protocol}]");
        }

        context.Response.Headers["X-Stream-Protocol-Version"] = Protocol;
        context.Response.Headers.Upgrade = "SPDY/3.1";
        var transport = await context.Features.Get<IHttpUpgradeFeature>()!.UpgradeAsync().ConfigureAwait(false);
        await using (transport.ConfigureAwait(false))
        {
            using var connection = new SpdyConnection(transport);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            var opened = Channel.CreateUnbounded<SpdyStream>();
            var reading = connection.RunAsync(
                stream =>
                {
                    opened.Writer.TryWrite(stream);
                    return Task.CompletedTask;
                },
                stop.Token);

            var wanted = new HashSet<string> { "error" };
            if (request.Stdin)
            {
                wanted.Add("stdin");
            }

            if (request.Stdout)
            {
                wanted.Add("stdout");
            }

            if (request.Stderr && !request.Tty)
            {
                wanted.Add("stderr");
            }

            if (request.Tty)
            {
                wanted.Add("resize");
            }

            var streams = new Dictionary<string, SpdyStream>();
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token))
            {
                timeout.CancelAfter(StreamTimeout);
                try
                {
                    while (!wanted.IsSubsetOf(streams.Keys))
                    {
                        var stream = await opened.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
                        streams[stream.Headers.GetValueOrDefault("streamtype") ?? ""] = stream;
                    }
                }
                catch (OperationCanceledException)
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                    await reading.ConfigureAwait(false);
                    return;
                }
            }

            var status = await RunAsync(streams, request, start, stop.Token).ConfigureAwait(false);
            var error = streams["error"];
            if (status is not null)
            {
                await error.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(status), stop.Token).ConfigureAwait(false);
            }

            foreach (var stream in streams.Values)
            {
                await stream.CloseAsync(stop.Token).ConfigureAwait(false);
            }

            await stop.CancelAsync().ConfigureAwait(false);
            await reading.ConfigureAwait(false);
        }
    }

    /// <summary>Runs the session; the Status to report, or null for a success.</summary>
    private static async Task<JsonObject?> RunAsync(Dictionary<string, SpdyStream> streams, ExecRequest request, Func<CancellationToken, Task<IExecSession>> start, CancellationToken cancellationToken)
    {
        IExecSession session;
        try
        {
            session = await start(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return StreamStatus.InternalError($"error executing command in container: {e.Message}");
        }

        await using (session.ConfigureAwait(false))
        {
            using var inputStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var input = streams.TryGetValue("stdin", out var stdin) && session.Stdin is { } target
                ? CopyStdinAsync(stdin, target, inputStop.Token)
                : Task.CompletedTask;
            var resize = streams.TryGetValue("resize", out var sizes) ? ResizeAsync(sizes, session, inputStop.Token) : Task.CompletedTask;
            try
            {
                while (await session.ReadOutputAsync(cancellationToken).ConfigureAwait(false) is { } chunk)
                {
                    var name = chunk.Stream == OutputStream.Stderr && streams.ContainsKey("stderr") ? "stderr" : "stdout";
                    if (streams.TryGetValue(name, out var output))
                    {
                        await output.WriteAsync(chunk.Data, cancellationToken).ConfigureAwait(false);
                    }
                }

                var exit = await session.WaitAsync(cancellationToken).ConfigureAwait(false);
                return exit == 0 ? null : StreamStatus.ExitCode(exit, request.Command);
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not IOException)
            {
                return StreamStatus.InternalError(e.Message);
            }
            finally
            {
                await inputStop.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(input, resize).ConfigureAwait(false);
            }
        }
    }

    private static async Task CopyStdinAsync(SpdyStream stdin, Stream target, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var chunk = await stdin.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (chunk.IsEmpty)
                {
                    break;
                }

                await target.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                await target.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The command ended or the client went away.
        }
        finally
        {
            // The client's end of stdin is the command's end of file.
            await target.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The resize stream: one JSON object {"Width":..,"Height":..} per write, as kubectl sends them.</summary>
    private static async Task ResizeAsync(SpdyStream sizes, IExecSession session, CancellationToken cancellationToken)
    {
        try
        {
            while (await sizes.ReadAsync(cancellationToken).ConfigureAwait(false) is { IsEmpty: false } chunk)
            {
                JsonNode? size;
                try
                {
                    size = JsonNode.Parse(chunk.Span);
                }
                catch (JsonException)
                {
                    continue;
                }

                if (size?["Width"]?.GetValue<int>() is { } width && size["Height"]?.GetValue<int>() is { } height)
                {
                    await session.ResizeAsync(width, height, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The end of the session ends it.
        }
    }
}
