using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Server;

/// <summary>
/// Pumps an exec or attach session through a WebSocket in the channel protocol: stdin and resizes in, stdout and
/// stderr out, and at the end the Status on the error channel, then a normal close.
/// </summary>
public sealed class ChannelSocket(WebSocket socket, string protocol)
{
    // How long the client gets to close its side after the Status before the socket is dropped.
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    public async Task RunAsync(IExecSession session, ExecRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(session);
        using var inputStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var input = PumpInputAsync(session, inputStop.Token);
        JsonObject status;
        try
        {
            while (await session.ReadOutputAsync(cancellationToken).ConfigureAwait(false) is { } chunk)
            {
                // Output goes only to the channels the client opened: with a terminal, stderr is part of stdout.
                var channel = chunk.Stream == OutputStream.Stderr && request.Stderr ? StreamProtocol.Stderr : StreamProtocol.Stdout;
                if (channel == StreamProtocol.Stderr || request.Stdout)
                {
                    await SendAsync(channel, chunk.Data, cancellationToken).ConfigureAwait(false);
                }
            }

            var exit = await session.WaitAsync(cancellationToken).ConfigureAwait(false);
            status = exit == 0 ? StreamStatus.Success() : StreamStatus.ExitCode(exit, request.Command);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not WebSocketException)
        {
            status = StreamStatus.InternalError(e.Message);
        }

        await FinishAsync(status, cancellationToken).ConfigureAwait(false);

        // The client answers the close; cancelling a pending receive would abort the socket (a reset, not a close).
        await Task.WhenAny(input, Task.Delay(CloseGrace, cancellationToken)).ConfigureAwait(false);
        await inputStop.CancelAsync().ConfigureAwait(false);
        await input.ConfigureAwait(false);
    }

    /// <summary>Sends the Status on the error channel and closes; waits a little for the client's close.</summary>
    public async Task FinishAsync(JsonObject status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        try
        {
            await SendAsync(StreamProtocol.Error, JsonSerializer.SerializeToUtf8Bytes(status), cancellationToken).ConfigureAwait(false);
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(CloseGrace);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, grace.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client is gone already.
        }
    }

    private async Task SendAsync(byte channel, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var (message, type) = StreamProtocol.Encode(protocol, channel, data.Span);
        await socket.SendAsync(message, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task PumpInputAsync(IExecSession session, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var stdin = session.Stdin;
        try
        {
            while (true)
            {
                buffer.Clear();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                if (StreamProtocol.Decode(protocol, buffer.WrittenSpan) is not { } frame)
                {
                    continue;
                }

                switch (frame.Channel)
                {
                    case StreamProtocol.Stdin when stdin is not null:
                        await stdin.WriteAsync(frame.Data, cancellationToken).ConfigureAwait(false);
                        await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
                        break;
                    case StreamProtocol.Resize:
                        var size = JsonNode.Parse(frame.Data);
                        if (size?["Width"]?.GetValue<int>() is { } width && size["Height"]?.GetValue<int>() is { } height)
                        {
                            await session.ResizeAsync(width, height, cancellationToken).ConfigureAwait(false);
                        }

                        break;
                    case StreamProtocol.Close when protocol == StreamProtocol.V5 && frame.Data is [StreamProtocol.Stdin] && stdin is not null:
                        await stdin.DisposeAsync().ConfigureAwait(false);
                        stdin = null;
                        break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or JsonException or FormatException)
        {
            // The session ended, the client went away, or it sent garbage: stop reading either way.
        }
        finally
        {
            // The client's end of input is the command's end of file.
            if (stdin is not null)
            {
                await stdin.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
