using System.IO.Compression;
using System.Text.Json.Nodes;
using Orchestrator.Model.Protobuf;
using Orchestrator.Model.Schema;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;

namespace Orchestrator.Model.Tests.Schema;

/// <summary>
/// The protobuf descriptors compiled into the kubectl binary: every Kubernetes generated.pb.go embeds
/// its generated.proto as a gzipped FileDescriptorProto. Read with our own codec and a schema of the
/// few descriptor.proto fields needed, they are Kubernetes 1.32's .proto files, gogo options included.
/// </summary>
internal static class KubectlDescriptors
{
    // The machine image ships one kubectl per minor version: pin the one whose types the schema serves.
    public const string Kubectl = "/usr/lib/google-cloud-sdk/bin/kubectl.1.32";

    private const string Descriptor = "google.protobuf.";

    // A gzip header as Go's compress/gzip writes it: deflate, no flags, no time, best compression, unknown OS.
    private static readonly byte[] GzipHeader = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0x02, 0xff];

    private static readonly Lazy<IReadOnlyDictionary<string, JsonObject>> Messages = new(Load);

    private static readonly MessageSchema FileDescriptor = DescriptorSchema().Message(Descriptor + "FileDescriptorProto");

    /// <summary>Every message of the k8s.io .proto files, by full proto name (<c>k8s.io.api.core.v1.Pod</c>).</summary>
    public static IReadOnlyDictionary<string, JsonObject> ByName => Messages.Value;

    private static Dictionary<string, JsonObject> Load()
    {
        var binary = File.ReadAllBytes(Kubectl);
        var messages = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        for (var at = binary.AsSpan().IndexOf(GzipHeader); at >= 0;)
        {
            if (Inflate(binary, at + GzipHeader.Length) is { } file && IsKubernetesProto(file))
            {
                var descriptor = KubeProtobuf.DecodeMessage(file, FileDescriptor);
                var package = (string)descriptor["package"]!;
                foreach (var message in descriptor["messageType"]?.AsArray() ?? [])
                {
                    Add(messages, package, message!.AsObject());
                }
            }

            var next = binary.AsSpan(at + 1).IndexOf(GzipHeader);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return messages;
    }

    private static void Add(Dictionary<string, JsonObject> messages, string scope, JsonObject message)
    {
        var name = $"{scope}.{message["name"]}";
        messages[name] = message;
        foreach (var nested in message["nestedType"]?.AsArray() ?? [])
        {
            Add(messages, name, nested!.AsObject());
        }
    }

    private static byte[]? Inflate(byte[] binary, int start)
    {
        try
        {
            using var deflate = new DeflateStream(new MemoryStream(binary, start, binary.Length - start), CompressionMode.Decompress);
            using var output = new MemoryStream();
            deflate.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    // A FileDescriptorProto starts with its name (field 1): "k8s.io/.../generated.proto".
    private static bool IsKubernetesProto(byte[] file) =>
        file.Length > 2 && file[0] == 0x0a && file.AsSpan(2).StartsWith("k8s.io/"u8);

    private static SchemaSet DescriptorSchema()
    {
        var s = new SchemaBuilder();
        s.Message(Descriptor + "FileDescriptorProto", "A .proto file.")
            .Field(1, "name", Str, WhenSet, "File name.")
            .Field(2, "package", Str, WhenSet, "Package.")
            .Field(4, "messageType", ListOf(Ref(Descriptor + "DescriptorProto")), OmitEmpty, "Messages.");
        s.Message(Descriptor + "DescriptorProto", "A message.")
            .Field(1, "name", Str, WhenSet, "Name.")
            .Field(2, "field", ListOf(Ref(Descriptor + "FieldDescriptorProto")), OmitEmpty, "Fields.")
            .Field(3, "nestedType", ListOf(Ref(Descriptor + "DescriptorProto")), OmitEmpty, "Nested messages (map entries).")
            .Field(7, "options", Ref(Descriptor + "MessageOptions"), WhenSet, "Options.");
        s.Message(Descriptor + "MessageOptions", "Message options.")
            .Field(7, "mapEntry", Bool, WhenSet, "A map's entry type.");
        s.Message(Descriptor + "FieldDescriptorProto", "A field.")
            .Field(1, "name", Str, WhenSet, "Name.")
            .Field(3, "number", Int, WhenSet, "Number.")
            .Field(4, "label", Int, WhenSet, "1 optional, 2 required, 3 repeated.")
            .Field(5, "type", Int, WhenSet, "9 string, 5 int32, 3 int64, 8 bool, 1 double, 12 bytes, 11 message.")
            .Field(6, "typeName", Str, WhenSet, "A message type's full name, with a leading dot.")
            .Field(8, "options", Ref(Descriptor + "FieldOptions"), WhenSet, "Options.");
        s.Message(Descriptor + "FieldOptions", "Field options.")
            .Field(2, "packed", Bool, WhenSet, "Packed repeated scalars.")
            .Field(65001, "nullable", Bool, WhenSet, "gogoproto.nullable: false for a Go value, true (the default) for a pointer.");
        return s.Build();
    }
}
