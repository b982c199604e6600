using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Client.Watch;
using Xunit;

namespace Orchestrator.Client.Tests.Watch;

public sealed class JsonObjectStreamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Splits_objects_whatever_the_chunk_size(int chunkSize)
    {
        var text = "{\"a\":1}\n{\"b\":{\"c\":[1,2,{\"d\":\"}{\"}]}}\r\n\n  {\"e\":\"\\\"}\"}{\"f\":null}\n";

        var objects = await ReadAllAsync(new ChunkedStream(Encoding.UTF8.GetBytes(text), chunkSize));

        string[] expected = ["""{"a":1}""", """{"b":{"c":[1,2,{"d":"}{"}]}}""", """{"e":"\"}"}""", """{"f":null}"""];
        Assert.Equal(expected.Length, objects.Count);
        Assert.All(expected.Zip(objects), pair => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(pair.First), pair.Second), pair.First));
    }

    [Fact]
    public async Task Reads_objects_larger_than_its_initial_buffer()
    {
        var big = new string('x', 200_000);
        var text = $"{{\"big\":\"{big}\"}}\n{{\"small\":true}}\n";

        var objects = await ReadAllAsync(new ChunkedStream(Encoding.UTF8.GetBytes(text), 1000));

        Assert.Equal(2, objects.Count);
        Assert.Equal(big, objects[0]["big"]!.GetValue<string>());
        Assert.True(objects[1]["small"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_stream_cut_inside_an_object_is_an_error()
    {
        var stream = new ChunkedStream(Encoding.UTF8.GetBytes("{\"a\":1}\n{\"b\":"), 3);

        await Assert.ThrowsAsync<EndOfStreamException>(() => ReadAllAsync(stream));
    }

    [Fact]
    public async Task Something_other_than_an_object_is_an_error()
    {
        await Assert.ThrowsAnyAsync<JsonException>(() => ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes("{\"a\":1}\n[1]\n"))));
        await Assert.ThrowsAnyAsync<JsonException>(() => ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes("{\"a\":1}\n{oops}\n"))));
    }

    [Fact]
    public async Task An_empty_stream_has_no_objects()
    {
        Assert.Empty(await ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(" \n"))));
    }

    private static async Task<List<JsonObject>> ReadAllAsync(Stream stream)
    {
        var result = new List<JsonObject>();
        await foreach (var obj in JsonObjectStream.ReadAsync(stream))
        {
            result.Add(obj);
        }

        return result;
    }

    /// <summary>Hands out at most a fixed number of bytes per read, as a network stream may.</summary>
    private sealed class ChunkedStream(byte[] data, int chunkSize) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, chunkSize), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
