using System.IO.Compression;
using System.Text;
using Orchestrator.Kubelet.Server.Spdy;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Server.Spdy;

public sealed class SpdyHeaderCodecTests
{
    [Fact]
    public void Blocks_of_one_connection_decode_in_turn()
    {
        using var sender = new SpdyHeaderCodec();
        using var receiver = new SpdyHeaderCodec();
        var first = sender.Encode(new Dictionary<string, string> { ["streamtype"] = "error", ["port"] = "8080", ["requestid"] = "0" });
        var second = sender.Encode(new Dictionary<string, string> { ["streamtype"] = "data", ["port"] = "8080", ["requestid"] = "0" });

        Assert.Equal(new Dictionary<string, string> { ["streamtype"] = "error", ["port"] = "8080", ["requestid"] = "0" }, receiver.Decode(first));
        Assert.Equal(new Dictionary<string, string> { ["streamtype"] = "data", ["port"] = "8080", ["requestid"] = "0" }, receiver.Decode(second));
    }

    [Fact]
    public void Names_are_read_in_lower_case()
    {
        using var sender = new SpdyHeaderCodec();
        using var receiver = new SpdyHeaderCodec();
        Assert.Equal("stdin", receiver.Decode(sender.Encode(new Dictionary<string, string> { ["StreamType"] = "stdin" }))["streamtype"]);
    }

    [Fact]
    public void A_block_that_is_not_zlib_is_invalid_data()
    {
        using var receiver = new SpdyHeaderCodec();
        Assert.Throws<InvalidDataException>(() => receiver.Decode(Encoding.ASCII.GetBytes("definitely not a header block")));
    }

    [Fact]
    public void A_block_that_claims_more_pairs_than_it_holds_is_invalid_data()
    {
        using var plain = new MemoryStream();
        using (var zlib = new ZLibStream(plain, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write([0, 0, 0, 5, 0, 0, 0, 1, (byte)'a']);
        }

        using var receiver = new SpdyHeaderCodec();
        Assert.Throws<InvalidDataException>(() => receiver.Decode(plain.ToArray()));
    }
}
