using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ICSharpCode.SharpZipLib.Zip.Compression;

namespace Orchestrator.Kubelet.Server.Spdy;

/// <summary>
/// SPDY/3 header blocks (draft 3, section 2.6.10): name/value pairs, each length-prefixed, zlib-compressed as one
/// stream per connection and direction, each block ending in a sync flush. The peer compresses with the spec's
/// preset dictionary, so inflating needs it (SharpZipLib: System.IO.Compression has no preset dictionaries); our
/// own blocks are compressed without one, which a zlib reader accepts (the stream's header says so).
/// </summary>
public sealed class SpdyHeaderCodec : IDisposable
{
    // The SPDY/3 header compression dictionary (draft 3, section 2.6.10.1), 1423 bytes, zlib dictionary id 0xe3c6a7c2.
    private static readonly byte[] Dictionary = Convert.FromBase64String(
        "AAAAB29wdGlvbnMAAAAEaGVhZAAAAARwb3N0AAAAA3B1dAAAAAZkZWxldGUAAAAFdHJhY2UAAAAGYWNjZXB0AAAADmFjY2VwdC1jaGFyc2V0AAAAD2FjY2VwdC1lbmNvZGluZwAAAA9hY2NlcHQtbGFuZ3VhZ2UAAAANYWNjZXB0LXJhbmdlcwAAAANhZ2UAAAAFYWxsb3cAAAANYXV0aG9yaXphdGlvbgAAAA1jYWNoZS1jb250cm9sAAAACmNvbm5lY3Rpb24AAAAMY29udGVudC1iYXNlAAAAEGNvbnRlbnQtZW5jb2RpbmcAAAAQY29udGVudC1sYW5ndWFnZQAAAA5jb250ZW50LWxlbmd0aAAAABBjb250ZW50LWxvY2F0aW9uAAAAC2NvbnRlbnQtbWQ1AAAADWNvbnRlbnQtcmFuZ2UAAAAMY29udGVudC10eXBlAAAABGRhdGUAAAAEZXRhZwAAAAZleHBlY3QAAAAHZXhwaXJlcwAAAARmcm9tAAAABGhvc3QAAAAIaWYtbWF0Y2gAAAARaWYtbW9kaWZpZWQtc2luY2UAAAANaWYtbm9uZS1tYXRjaAAAAAhpZi1yYW5nZQAAABNpZi11bm1vZGlmaWVkLXNpbmNlAAAADWxhc3QtbW9kaWZpZWQAAAAIbG9jYXRpb24AAAAMbWF4LWZvcndhcmRzAAAABnByYWdtYQAAABJwcm94eS1hdXRoZW50aWNhdGUAAAATcHJveHktYXV0aG9yaXphdGlvbgAAAAVyYW5nZQAAAAdyZWZlcmVyAAAAC3JldHJ5LWFmdGVyAAAABnNlcnZlcgAAAAJ0ZQAAAAd0cmFpbGVyAAAAEXRyYW5zZmVyLWVuY29kaW5nAAAAB3VwZ3JhZGUAAAAKdXNlci1hZ2VudAAAAAR2YXJ5AAAAA3ZpYQAAAAd3YXJuaW5nAAAAEHd3dy1hdXRoZW50aWNhdGUAAAAGbWV0aG9kAAAAA2dldAAAAAZzdGF0dXMAAAAGMjAwIE9LAAAAB3ZlcnNpb24AAAAISFRUUC8xLjEAAAADdXJsAAAABnB1YmxpYwAAAApzZXQtY29va2llAAAACmtlZXAtYWxpdmUAAAAGb3JpZ2luMTAwMTAxMjAxMjAyMjA1MjA2MzAwMzAyMzAzMzA0MzA1MzA2MzA3NDAyNDA1NDA2NDA3NDA4NDA5NDEwNDExNDEyNDEzNDE0NDE1NDE2NDE3NTAyNTA0NTA1MjAzIE5vbi1BdXRob3JpdGF0aXZlIEluZm9ybWF0aW9uMjA0IE5vIENvbnRlbnQzMDEgTW92ZWQgUGVybWFuZW50bHk0MDAgQmFkIFJlcXVlc3Q0MDEgVW5hdXRob3JpemVkNDAzIEZvcmJpZGRlbjQwNCBOb3QgRm91bmQ1MDAgSW50ZXJuYWwgU2VydmVyIEVycm9yNTAxIE5vdCBJbXBsZW1lbnRlZDUwMyBTZXJ2aWNlIFVuYXZhaWxhYmxlSmFuIEZlYiBNYXIgQXByIE1heSBKdW4gSnVsIEF1ZyBTZXB0IE9jdCBOb3YgRGVjIDAwOjAwOjAwIE1vbiwgVHVlLCBXZWQsIFRodSwgRnJpLCBTYXQsIFN1biwgR01UY2h1bmtlZCx0ZXh0L2h0bWwsaW1hZ2UvcG5nLGltYWdlL2pwZyxpbWFnZS9naWYsYXBwbGljYXRpb24veG1sLGFwcGxpY2F0aW9uL3hodG1sK3htbCx0ZXh0L3BsYWluLHRleHQvamF2YXNjcmlwdCxwdWJsaWNwcml2YXRlbWF4LWFnZT1nemlwLGRlZmxhdGUsc2RjaGNoYXJzZXQ9dXRmLThjaGFyc2V0PWlzby04ODU5LTEsdXRmLSwqLGVucT0wLg==");

    private readonly Inflater _inflater = new(noHeader: false);
    private readonly MemoryStream _deflated = new();
    private readonly ZLibStream _deflater;

    public SpdyHeaderCodec()
    {
        _deflater = new ZLibStream(_deflated, CompressionLevel.Fastest, leaveOpen: true);
    }

    /// <summary>The headers of one compressed block; names are lower case, a value with several parts is NUL-separated.</summary>
    /// <exception cref="InvalidDataException">The block is not a valid header block.</exception>
    public Dictionary<string, string> Decode(ReadOnlySpan<byte> block)
    {
        _inflater.SetInput(block.ToArray());
        using var plain = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            int n;
            try
            {
                n = _inflater.Inflate(buffer);
            }
            catch (ICSharpCode.SharpZipLib.SharpZipBaseException e)
            {
                throw new InvalidDataException("corrupt SPDY header block: " + e.Message, e);
            }

            if (n > 0)
            {
                plain.Write(buffer, 0, n);
                continue;
            }

            if (_inflater.IsNeedingDictionary)
            {
                _inflater.SetDictionary(Dictionary);
                continue;
            }

            break;
        }

        return Parse(plain.ToArray());
    }

    /// <summary>A compressed block of <paramref name="headers"/>.</summary>
    public byte[] Encode(IReadOnlyDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        using var plain = new MemoryStream();
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, headers.Count);
        plain.Write(number);
        foreach (var (name, value) in headers)
        {
            foreach (var text in (string[])[name.ToLowerInvariant(), value])
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                BinaryPrimitives.WriteInt32BigEndian(number, bytes.Length);
                plain.Write(number);
                plain.Write(bytes);
            }
        }

        _deflated.SetLength(0);
        _deflater.Write(plain.GetBuffer(), 0, (int)plain.Length);
        _deflater.Flush(); // a sync flush: the block is complete in itself
        return _deflated.ToArray();
    }

    public void Dispose()
    {
        _deflater.Dispose();
        _deflated.Dispose();
    }

    private static Dictionary<string, string> Parse(ReadOnlySpan<byte> plain)
    {
        try
        {
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            var count = BinaryPrimitives.ReadInt32BigEndian(plain);
            var at = 4;
            for (var i = 0; i < count; i++)
            {
                var nameLength = BinaryPrimitives.ReadInt32BigEndian(plain[at..]);
                var name = Encoding.UTF8.GetString(plain.Slice(at + 4, nameLength));
                at += 4 + nameLength;
                var valueLength = BinaryPrimitives.ReadInt32BigEndian(plain[at..]);
                var value = Encoding.UTF8.GetString(plain.Slice(at + 4, valueLength));
                at += 4 + valueLength;
                headers[name.ToLowerInvariant()] = value;
            }

            return headers;
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException("truncated SPDY header block", e);
        }
    }
}
