using System.Text.Json.Nodes;
using Orchestrator.Model.Schema;
using Xunit;

namespace Orchestrator.Model.Tests.Schema;

/// <summary>
/// The schema against kubectl 1.32's own compiled .proto descriptors: same messages, same field
/// numbers, names, types and shapes, and a Go pointer exactly where the gogo options say so.
/// </summary>
public class DescriptorParityTests
{
    private static readonly Dictionary<string, FieldKind> SpecialTypes = new(StringComparer.Ordinal)
    {
        [".k8s.io.apimachinery.pkg.apis.meta.v1.Time"] = FieldKind.Time,
        [".k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime"] = FieldKind.MicroTime,
        [".k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1"] = FieldKind.FieldsV1,
        [".k8s.io.apimachinery.pkg.api.resource.Quantity"] = FieldKind.Quantity,
        [".k8s.io.apimachinery.pkg.util.intstr.IntOrString"] = FieldKind.IntOrString,
        [".k8s.io.apimachinery.pkg.runtime.RawExtension"] = FieldKind.RawExtension,
    };

    public static TheoryData<string> MessageNames => [.. KubeSchema.Default.Messages.Select(m => m.FullName).Order(StringComparer.Ordinal)];

    [Fact]
    public void Kubectl_carries_the_kubernetes_descriptors()
    {
        Assert.True(File.Exists(KubectlDescriptors.Kubectl), $"{KubectlDescriptors.Kubectl} (shipped with the machine image) is missing");
        Assert.Contains("k8s.io.api.core.v1.PodSpec", KubectlDescriptors.ByName.Keys);
        Assert.Contains("k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta", KubectlDescriptors.ByName.Keys);
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Message_matches_the_proto(string fullName)
    {
        var message = KubeSchema.Message(fullName);
        var protoName = "k8s." + fullName["io.k8s.".Length..].Insert(0, "io.");
        Assert.True(KubectlDescriptors.ByName.TryGetValue(protoName, out var proto), $"no message {protoName} in kubectl's descriptors");

        var protoFields = proto["field"]?.AsArray().Select(f => f!.AsObject()).ToList() ?? [];
        Assert.Equal(
            protoFields.Select(f => (int)f["number"]!).Order(),
            message.Fields.Select(f => f.Number).Order());

        foreach (var field in message.Fields)
        {
            var protoField = protoFields.Single(f => (int)f["number"]! == field.Number);
            AssertSameField(protoName, proto, field, protoField);
        }
    }

    private static void AssertSameField(string protoName, JsonObject proto, FieldSchema field, JsonObject protoField)
    {
        var where = $"{protoName}.{protoField["name"]} = {field.Number}";
        if (!field.IsInline)
        {
            // JSON names are the proto names, but for BoundObjectReference's uID.
            Assert.True(string.Equals(field.JsonName, (string?)protoField["name"], StringComparison.OrdinalIgnoreCase), $"{where}: JSON name {field.JsonName}");
        }

        var repeated = (int)protoField["label"]! == 3;
        var typeName = (string?)protoField["typeName"];
        var valueField = protoField;
        var shape = FieldShape.Single;
        if (repeated && typeName is not null && MapEntry(proto, typeName) is { } entry)
        {
            shape = FieldShape.Map;
            valueField = entry["field"]!.AsArray().Single(f => (int)f!["number"]! == 2)!.AsObject();
        }
        else if (repeated)
        {
            shape = FieldShape.List;
        }

        Assert.True(shape == field.Type.Shape, $"{where}: shape {field.Type.Shape}, proto says {shape}");
        Assert.True(KindOf(valueField) == field.Type.Kind, $"{where}: kind {field.Type.Kind}, proto says {KindOf(valueField)}");
        if (field.Type.Kind == FieldKind.Message)
        {
            Assert.Equal("." + "k8s." + field.Type.MessageName!["io.k8s.".Length..].Insert(0, "io."), (string?)valueField["typeName"]);
        }

        Assert.NotEqual(true, (bool?)protoField["options"]?["packed"]);
        if (shape == FieldShape.Single && field.Type.Kind != FieldKind.Bytes)
        {
            // gogo makes a field a Go pointer unless nullable=false; pointers are exactly the fields shown only when set.
            var pointer = (bool?)protoField["options"]?["nullable"] ?? true;
            var shownWhenSet = field.Presence is JsonPresence.WhenSet or JsonPresence.NullWhenUnset;
            Assert.True(pointer == shownWhenSet, $"{where}: presence {field.Presence}, but the Go field is {(pointer ? "a pointer" : "a value")}");
        }
    }

    private static JsonObject? MapEntry(JsonObject proto, string typeName)
    {
        var name = typeName[(typeName.LastIndexOf('.') + 1)..];
        var nested = proto["nestedType"]?.AsArray().Select(n => n!.AsObject()).FirstOrDefault(n => (string?)n["name"] == name);
        return nested is not null && (bool?)nested["options"]?["mapEntry"] == true ? nested : null;
    }

    private static FieldKind KindOf(JsonObject protoField) => (int)protoField["type"]! switch
    {
        9 => FieldKind.String,
        5 => FieldKind.Int32,
        3 => FieldKind.Int64,
        8 => FieldKind.Bool,
        1 => FieldKind.Double,
        12 => FieldKind.Bytes,
        11 => SpecialTypes.GetValueOrDefault((string)protoField["typeName"]!, FieldKind.Message),
        var other => throw new InvalidOperationException($"proto type {other} is not used by Kubernetes"),
    };
}
