using System.Text.Json.Nodes;
using Orchestrator.Model.Protobuf;
using Xunit;
using static Orchestrator.Model.Tests.Protobuf.Wire;

namespace Orchestrator.Model.Tests.Protobuf;

/// <summary>
/// Hand-built bodies with the field numbers of Kubernetes' generated.proto files (named in each
/// test), decoded and encoded as Kubernetes does.
/// </summary>
public class KnownEncodingTests
{
    [Fact]
    public void Namespace_encodes_byte_for_byte_as_kubernetes_does()
    {
        var bytes = KubeProtobuf.Encode(Documents.Object("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x"}}"""));

        // Envelope, then Namespace {metadata=1 ObjectMeta {name=1 "x", then every other Go value field
        // at its zero: generateName=2 namespace=3 selfLink=4 uid=5 resourceVersion=6 generation=7,
        // creationTimestamp=8 (zero time: empty)}, spec=2 {}, status=3 {phase=1 ""}}; contentEncoding=3, contentType=4.
        Assert.Equal(
            Hex("6b387300 0a0f 0a02 7631 1209 4e616d657370616365 1219 0a11 0a01 78 1200 1a00 2200 2a00 3200 3800 4200 1200 1a02 0a00 1a00 2200"),
            bytes);
    }

    [Fact]
    public void A_sparse_body_decodes_with_the_fields_kubernetes_always_shows()
    {
        var body = Body("v1", "Namespace", Message(1, String(1, "x")));

        var json = KubeProtobuf.Decode(body);

        Documents.AssertEqual(
            Documents.Json("""{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"x","creationTimestamp":null},"spec":{},"status":{}}"""),
            json);
    }

    [Fact]
    public void A_pointer_set_to_zero_is_kept_and_an_unset_one_is_not()
    {
        // DeploymentSpec.replicas=1 is *int32.
        var zero = KubeProtobuf.Decode(Body("apps/v1", "Deployment", Message(2, Varint(1, 0))));
        var unset = KubeProtobuf.Decode(Body("apps/v1", "Deployment", Message(2)));

        Assert.Equal("0", zero["spec"]!["replicas"]!.ToJsonString());
        Assert.False(unset["spec"]!.AsObject().ContainsKey("replicas"));
    }

    [Fact]
    public void Zero_values_show_as_their_go_fields_say()
    {
        // ObjectMeta: generation=7 (int64, omitempty) and deletionGracePeriodSeconds=10 (*int64).
        // PodSpec=2: hostNetwork=11 (bool, omitempty), automountServiceAccountToken=21 (*bool),
        // containers=2 [Container {ports=6 [ContainerPort {}]}], containerPort=3 (int32, no omitempty) unset.
        var body = Body("v1", "Pod",
            Message(1, Int(7, 0), Int(10, 0)),
            Message(2, Varint(11, 0), Varint(21, 0), Message(2, Message(6))));

        var json = KubeProtobuf.Decode(body);

        Assert.False(json["metadata"]!.AsObject().ContainsKey("generation"));
        Assert.Equal(0, (long)json["metadata"]!["deletionGracePeriodSeconds"]!);
        Assert.False(json["spec"]!.AsObject().ContainsKey("hostNetwork"));
        Assert.False((bool)json["spec"]!["automountServiceAccountToken"]!);
        Documents.AssertEqual(
            Documents.Json("""{"name":"","ports":[{"containerPort":0}],"resources":{}}"""),
            json["spec"]!["containers"]![0]);
    }

    [Fact]
    public void Zero_values_kept_by_the_json_survive_encoding()
    {
        var deployment = Documents.Object("""{"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":0,"paused":false,"revisionHistoryLimit":0}}""");

        var json = KubeProtobuf.Decode(KubeProtobuf.Encode(deployment));

        Assert.Equal(0, (int)json["spec"]!["replicas"]!);
        Assert.Equal(0, (int)json["spec"]!["revisionHistoryLimit"]!);
        Assert.False(json["spec"]!.AsObject().ContainsKey("paused"));
    }

    [Fact]
    public void Int_or_string_decodes_to_a_number_or_a_string()
    {
        // ServiceSpec=2 ports=1 [ServicePort {targetPort=4 IntOrString {type=1, intVal=2, strVal=3}}].
        var body = Body("v1", "Service", Message(2,
            Message(1, Message(4, Varint(1, 1), Varint(2, 0), String(3, "http"))),
            Message(1, Message(4, Varint(1, 0), Varint(2, 8080), String(3, "")))));

        var ports = KubeProtobuf.Decode(body)["spec"]!["ports"]!;

        Assert.Equal("\"http\"", ports[0]!["targetPort"]!.ToJsonString());
        Assert.Equal("8080", ports[1]!["targetPort"]!.ToJsonString());
    }

    [Fact]
    public void Int_or_string_encodes_type_int_and_string_values()
    {
        var service = Documents.Object("""{"apiVersion":"v1","kind":"Service","spec":{"ports":[{"port":80,"targetPort":"http"}]}}""");

        var bytes = KubeProtobuf.Encode(service);

        Assert.Contains(Convert.ToHexStringLower(Message(4, Varint(1, 1), Varint(2, 0), String(3, "http"))), Convert.ToHexStringLower(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Quantities_show_in_kubernetes_canonical_form()
    {
        // ResourceQuota spec=2 {hard=1 map<string, Quantity {string=1}>}.
        var body = Body("v1", "ResourceQuota", Message(2,
            Entry(1, "cpu", Message(2, String(1, "1000m"))),
            Entry(1, "memory", Message(2, String(1, "1Gi")))));

        var hard = KubeProtobuf.Decode(body)["spec"]!["hard"]!;

        Documents.AssertEqual(Documents.Json("""{"cpu":"1","memory":"1Gi"}"""), hard);
    }

    [Fact]
    public void Times_show_as_rfc3339_and_micro_times_to_the_microsecond()
    {
        // Event: firstTimestamp=6 Time, eventTime=10 MicroTime, both {seconds=1, nanos=2}.
        var body = Body("v1", "Event",
            Message(6, Int(1, 1_700_000_000), Varint(2, 0)),
            Message(10, Int(1, 1_700_000_000), Varint(2, 123_456_789)));

        var json = KubeProtobuf.Decode(body);

        Assert.Equal("2023-11-14T22:13:20Z", (string)json["firstTimestamp"]!);
        Assert.Equal("2023-11-14T22:13:20.123456Z", (string)json["eventTime"]!);
        Assert.Null(json["lastTimestamp"]);
        Assert.True(json.ContainsKey("lastTimestamp"));
    }

    [Fact]
    public void Times_encode_as_seconds_and_the_zero_time_as_an_empty_message()
    {
        var evt = Documents.Object("""
            {"apiVersion":"v1","kind":"Event","firstTimestamp":"2023-11-14T23:13:20+01:00","lastTimestamp":null,
             "eventTime":"2023-11-14T22:13:20.123456Z"}
            """);

        var hex = Convert.ToHexStringLower(KubeProtobuf.Encode(evt));

        Assert.Contains(Convert.ToHexStringLower(Message(6, Int(1, 1_700_000_000), Varint(2, 0))), hex, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(Message(7)), hex, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(Message(10, Int(1, 1_700_000_000), Varint(2, 123_456_000))), hex, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_show_as_base64()
    {
        // Secret data=2 map<string, bytes>.
        var body = Body("v1", "Secret", Entry(2, "key", Bytes(2, [0x00, 0xff])));

        Assert.Equal("AP8=", (string)KubeProtobuf.Decode(body)["data"]!["key"]!);
    }

    [Fact]
    public void Repeated_scalars_decode_packed_or_not()
    {
        // PodSpec=2 securityContext=14 PodSecurityContext {supplementalGroups=4 repeated int64}.
        var unpacked = Body("v1", "Pod", Message(2, Message(14, Int(4, 1), Int(4, 2), Int(4, 3))));
        var packed = Body("v1", "Pod", Message(2, Message(14, Bytes(4, [1, 2]), Int(4, 3))));

        Assert.Equal("[1,2,3]", KubeProtobuf.Decode(unpacked)["spec"]!["securityContext"]!["supplementalGroups"]!.ToJsonString());
        Assert.Equal("[1,2,3]", KubeProtobuf.Decode(packed)["spec"]!["securityContext"]!["supplementalGroups"]!.ToJsonString());
    }

    [Fact]
    public void Repeated_scalars_encode_unpacked_as_kubernetes_does()
    {
        var pod = Documents.Object("""{"apiVersion":"v1","kind":"Pod","spec":{"securityContext":{"supplementalGroups":[1,2]}}}""");

        var hex = Convert.ToHexStringLower(KubeProtobuf.Encode(pod));

        Assert.Contains(Convert.ToHexStringLower([.. Int(4, 1), .. Int(4, 2)]), hex, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_int32_takes_ten_bytes_and_comes_back()
    {
        // PodSpec=2 priority=25 (*int32).
        var pod = Documents.Object("""{"apiVersion":"v1","kind":"Pod","spec":{"priority":-5}}""");

        var bytes = KubeProtobuf.Encode(pod);

        Assert.Contains("c801fbffffffffffffffff01", Convert.ToHexStringLower(bytes), StringComparison.Ordinal);
        Assert.Equal(-5, (int)KubeProtobuf.Decode(bytes)["spec"]!["priority"]!);
    }

    [Fact]
    public void Unknown_fields_of_every_wire_type_are_skipped()
    {
        var plain = Body("v1", "ConfigMap", Message(1, String(1, "cfg")));
        var noisy = Body("v1", "ConfigMap",
            Varint(99, 7),
            Message(1, String(1, "cfg"), Fixed64(98, 1), Fixed32(97, 2), String(96, "future")),
            Hex("ab06 08 01 ac06"), // group 101 {varint 1} end group
            Bytes(95, [1, 2, 3]));

        Documents.AssertEqual(KubeProtobuf.Decode(plain), KubeProtobuf.Decode(noisy));
    }

    [Fact]
    public void Maps_show_sorted_and_a_repeated_key_keeps_the_last_value()
    {
        // ObjectMeta labels=11 map<string, string>.
        var body = Body("v1", "ConfigMap", Message(1,
            Entry(11, "b", String(2, "first")),
            Entry(11, "a", String(2, "1")),
            Entry(11, "b", String(2, "last"))));

        Assert.Equal("""{"a":"1","b":"last"}""", KubeProtobuf.Decode(body)["metadata"]!["labels"]!.ToJsonString());
    }

    [Fact]
    public void Maps_encode_with_sorted_keys()
    {
        var configMap = Documents.Object("""{"apiVersion":"v1","kind":"ConfigMap","data":{"b":"2","a":"1"}}""");

        var hex = Convert.ToHexStringLower(KubeProtobuf.Encode(configMap));

        Assert.Contains(Convert.ToHexStringLower([.. Entry(2, "a", String(2, "1")), .. Entry(2, "b", String(2, "2"))]), hex, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_field_seen_twice_merges()
    {
        var body = Body("v1", "ConfigMap", Message(1, String(1, "cfg")), Message(1, String(3, "team-a")));

        var metadata = KubeProtobuf.Decode(body)["metadata"]!;

        Assert.Equal("cfg", (string)metadata["name"]!);
        Assert.Equal("team-a", (string)metadata["namespace"]!);
    }

    [Fact]
    public void Inline_structs_nest_in_protobuf_and_flatten_in_json()
    {
        // PodSpec volumes=1 [Volume {name=1, volumeSource=2 (inline) {configMap=19 ConfigMapVolumeSource
        // {localObjectReference=1 (inline) {name=1}}}}].
        var volume = Message(1, String(1, "config"), Message(2, Message(19, Message(1, String(1, "cm")), Int(3, 420))));

        var json = KubeProtobuf.Decode(Body("v1", "Pod", Message(2, volume)));

        Documents.AssertEqual(Documents.Json("""{"name":"config","configMap":{"name":"cm","defaultMode":420}}"""), json["spec"]!["volumes"]![0]);
        Assert.Contains(Convert.ToHexStringLower(volume), Convert.ToHexStringLower(KubeProtobuf.Encode(json)), StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_options_are_found_in_every_group_version()
    {
        // DeleteOptions gracePeriodSeconds=1 (*int64).
        var json = KubeProtobuf.Decode(Body("apps/v1", "DeleteOptions", Int(1, 0)));

        Documents.AssertEqual(Documents.Json("""{"kind":"DeleteOptions","apiVersion":"apps/v1","gracePeriodSeconds":0}"""), json);
    }

    [Fact]
    public void Managed_fields_carry_their_json_inside_the_bytes()
    {
        // ObjectMeta managedFields=17 [ManagedFieldsEntry {manager=1, fieldsV1=7 FieldsV1 {Raw=1}}].
        var body = Body("v1", "ConfigMap", Message(1, Message(17, String(1, "kubectl"), Message(7, String(1, """{"f:data":{}}""")))));

        var entry = KubeProtobuf.Decode(body)["metadata"]!["managedFields"]![0]!;

        Documents.AssertEqual(Documents.Json("""{"manager":"kubectl","fieldsV1":{"f:data":{}}}"""), entry);
    }

    [Fact]
    public void Kind_and_api_version_come_from_the_envelope()
    {
        var json = KubeProtobuf.Decode(Body("rbac.authorization.k8s.io/v1", "ClusterRole"));

        Assert.Equal(["kind", "apiVersion", "metadata", "rules"], json.Select(p => p.Key));
        Assert.Equal("ClusterRole", (string)json["kind"]!);
        Assert.Equal("rbac.authorization.k8s.io/v1", (string)json["apiVersion"]!);
        Assert.IsType<JsonObject>(json["metadata"]);
    }
}
