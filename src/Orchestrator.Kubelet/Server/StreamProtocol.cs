using System.Net.WebSockets;
using System.Text;

namespace Orchestrator.Kubelet.Server;

/// <summary>
/// Kubernetes' channel protocol over WebSocket (k8s.io/apimachinery's wsstream), as kubectl exec and attach speak
/// it: every message starts with its channel — 0 stdin, 1 stdout, 2 stderr, 3 error (the v4 Status), 4 resize —
/// followed by the bytes. <c>v5.channel.k8s.io</c> adds channel 255, whose one-byte body names a stream the client
/// closed (stdin's end of file). The base64 variant sends text messages: the channel as an ASCII digit, then base64.
/// </summary>
public static class StreamProtocol
{
    public const string V5 = "v5.channel.k8s.io";
    public const string V4 = "v4.channel.k8s.io";
    public const string V4Base64 = "v4.base64.channel.k8s.io";

    public const byte Stdin = 0;
    public const byte Stdout = 1;
    public const byte Stderr = 2;
    public const byte Error = 3;
    public const byte Resize = 4;
    public const byte Close = 255;

    /// <summary>What this server speaks, best first.</summary>
    public static IReadOnlyList<string> Supported { get; } = [V5, V4, V4Base64];

    /// <summary>The first protocol the client offers that this server speaks, or null.</summary>
    public static string? Negotiate(IEnumerable<string> offered)
    {
        ArgumentNullException.ThrowIfNull(offered);
        var set = offered.Select(p => p.Trim()).ToList();
        return Supported.FirstOrDefault(set.Contains);
    }

    public static bool IsBase64(string protocol) => protocol == V4Base64;

    /// <summary>One message carrying <paramref name="data"/> on <paramref name="channel"/>.</summary>
    public static (byte[] Message, WebSocketMessageType Type) Encode(string protocol, byte channel, ReadOnlySpan<byte> data)
    {
        if (IsBase64(protocol))
        {
            var text = (char)('0' + channel) + Convert.ToBase64String(data);
            return (Encoding.ASCII.GetBytes(text), WebSocketMessageType.Text);
        }

        var message = new byte[data.Length + 1];
        message[0] = channel;
        data.CopyTo(message.AsSpan(1));
        return (message, WebSocketMessageType.Binary);
    }

    /// <summary>The channel and bytes of a received message; null for an empty one (which carries nothing).</summary>
    /// <exception cref="FormatException">A base64 message that is not base64.</exception>
    public static (byte Channel, byte[] Data)? Decode(string protocol, ReadOnlySpan<byte> message)
    {
        if (message.Length == 0)
        {
            return null;
        }

        if (IsBase64(protocol))
        {
            var channel = (byte)(message[0] - '0');
            return (channel, Convert.FromBase64String(Encoding.ASCII.GetString(message[1..])));
        }

        return (message[0], message[1..].ToArray());
    }
}
