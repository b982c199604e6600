using Xunit;
using System.Net.WebSockets;
using System.Text;
using Orchestrator.Kubelet.Server;

namespace Orchestrator.Kubelet.Tests.Server;

public sealed class StreamProtocolTests
{
    [Fact]
    public void Negotiate_prefers_v5_and_refuses_what_it_does_not_speak()
    {
        Assert.Equal(StreamProtocol.V5, StreamProtocol.Negotiate(["v4.channel.k8s.io", "v5.channel.k8s.io"]));
        Assert.Equal(StreamProtocol.V4, StreamProtocol.Negotiate(["channel.k8s.io", "v4.channel.k8s.io"]));
        Assert.Null(StreamProtocol.Negotiate(["SPDY/3.1+portforward.k8s.io", "channel.k8s.io"]));
    }

    [Fact]
    public void Binary_frames_carry_the_channel_in_their_first_byte()
    {
        var (message, type) = StreamProtocol.Encode(StreamProtocol.V5, StreamProtocol.Stderr, "oops"u8);
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(new byte[] { 2, (byte)'o', (byte)'o', (byte)'p', (byte)'s' }, message);

        var decoded = StreamProtocol.Decode(StreamProtocol.V4, new byte[] { 0, (byte)'h', (byte)'i' });
        Assert.Equal(StreamProtocol.Stdin, decoded!.Value.Channel);
        Assert.Equal("hi", Encoding.ASCII.GetString(decoded.Value.Data));
    }

    [Fact]
    public void The_v5_close_frame_names_the_stream_it_closes()
    {
        var decoded = StreamProtocol.Decode(StreamProtocol.V5, new byte[] { 255, 0 });
        Assert.Equal(StreamProtocol.Close, decoded!.Value.Channel);
        Assert.Equal(new byte[] { StreamProtocol.Stdin }, decoded.Value.Data);
    }

    [Fact]
    public void Base64_frames_are_text_with_an_ascii_channel_digit()
    {
        var (message, type) = StreamProtocol.Encode(StreamProtocol.V4Base64, StreamProtocol.Stdout, "hi\n"u8);
        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.Equal("1aGkK", Encoding.ASCII.GetString(message));
        var decoded = StreamProtocol.Decode(StreamProtocol.V4Base64, Encoding.ASCII.GetBytes("0aGkK"));
        Assert.Equal(StreamProtocol.Stdin, decoded!.Value.Channel);
        Assert.Equal("hi\n", Encoding.ASCII.GetString(decoded.Value.Data));
    }

    [Fact]
    public void An_empty_message_carries_nothing() => Assert.Null(StreamProtocol.Decode(StreamProtocol.V5, []));

    [Fact]
    public void A_non_zero_exit_is_a_failure_with_the_code_as_a_cause()
    {
        var status = StreamStatus.ExitCode(3, ["sh", "-c", "exit 3"]);
        Assert.Equal("Failure", status["status"]!.GetValue<string>());
        Assert.Equal("NonZeroExitCode", status["reason"]!.GetValue<string>());
        Assert.Equal("ExitCode", status["details"]!["causes"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal("3", status["details"]!["causes"]![0]!["message"]!.GetValue<string>());
        Assert.StartsWith("command terminated with non-zero exit code: ", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamps_have_nine_fractional_digits_in_utc()
    {
        var time = new DateTimeOffset(2026, 12, 4, 13, 5, 6, TimeSpan.FromHours(2)).AddTicks(1234567);
        Assert.Equal("2026-12-04T11:05:06.123456700Z", ContainerLogsEndpoint.Timestamp(time));
    }
}
