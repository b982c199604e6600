using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class EndpointSliceStrategyTests
{
    private const string ValidSlice = """
        {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"web-abc12","namespace":"default"},
         "addressType":"IPv4",
         "endpoints":[{"addresses":["100.64.0.5"],"conditions":{"ready":true,"serving":true,"terminating":false},
                       "nodeName":"node-1","zone":"z1","targetRef":{"kind":"Pod","namespace":"default","name":"a","uid":"u"}}],
         "ports":[{"name":"http","port":8080,"protocol":"TCP"}]}
        """;

    private readonly EndpointSliceStrategy _strategy = new();

    [Theory]
    [InlineData(ValidSlice)]
    [InlineData("""{"metadata":{"name":"empty","namespace":"default"},"addressType":"IPv6","endpoints":[]}""")]
    [InlineData("""{"metadata":{"name":"fqdn","namespace":"default"},"addressType":"FQDN","endpoints":[{"addresses":["db.example.com"]}],"ports":[{"port":5432}]}""")]
    public void Valid_slices_pass(string json)
    {
        var slice = Json(json);
        _strategy.Default(slice);

        Valid(_strategy.ValidateCreate(slice));
        Valid(_strategy.ValidateUpdate(slice, slice));
    }

    [Fact]
    public void Ports_default_to_TCP_and_an_empty_name()
    {
        var slice = Json("""{"addressType":"IPv4","endpoints":[],"ports":[{"port":80}]}""");
        _strategy.Default(slice);

        Assert.Equal("""{"port":80,"name":"","protocol":"TCP"}""", slice["ports"]![0]!.ToJsonString());
    }

    public static TheoryData<string, string, FieldErrorType> InvalidSlices => new()
    {
        { """{"addressType":null}""", "addressType", FieldErrorType.Required },
        { """{"addressType":"IP"}""", "addressType", FieldErrorType.NotSupported },
        { """{"endpoints":[{"addresses":[]}]}""", "endpoints[0].addresses", FieldErrorType.Required },
        { """{"endpoints":[{"addresses":["fd00::1"]}]}""", "endpoints[0].addresses[0]", FieldErrorType.Invalid },
        { """{"endpoints":[{"addresses":["0.0.0.0"]}]}""", "endpoints[0].addresses[0]", FieldErrorType.Invalid },
        { """{"endpoints":[{"addresses":["100.64.0.5"],"hostname":"Not_A_Label"}]}""", "endpoints[0].hostname", FieldErrorType.Invalid },
        { """{"endpoints":[{"addresses":["100.64.0.5"],"nodeName":"UPPER"}]}""", "endpoints[0].nodeName", FieldErrorType.Invalid },
        { """{"endpoints":[{"addresses":["100.64.0.5"],"conditions":{"ready":"yes"}}]}""", "endpoints[0].conditions.ready", FieldErrorType.TypeInvalid },
        { """{"ports":[{"name":"http","port":80,"protocol":"TCP"},{"name":"http","port":81,"protocol":"TCP"}]}""", "ports[1].name", FieldErrorType.Duplicate },
        { """{"ports":[{"name":"http","port":80,"protocol":"ICMP"}]}""", "ports[0].protocol", FieldErrorType.NotSupported },
        { """{"ports":[{"name":"http","port":70000,"protocol":"TCP"}]}""", "ports[0].port", FieldErrorType.Invalid },
    };

    [Theory]
    [MemberData(nameof(InvalidSlices))]
    public void Invalid_slices_are_refused(string patch, string field, FieldErrorType type)
    {
        var slice = Patch(Json(ValidSlice), patch);

        HasError(_strategy.ValidateCreate(slice), field, type);
    }

    [Fact]
    public void More_than_100_addresses_in_an_endpoint_are_too_many()
    {
        var addresses = string.Join(",", Enumerable.Range(1, 101).Select(i => $"\"100.64.1.{i}\""));
        var slice = Patch(Json(ValidSlice), $$"""{"endpoints":[{"addresses":[{{addresses}}]}]}""");

        HasError(_strategy.ValidateCreate(slice), "endpoints[0].addresses", FieldErrorType.TooMany);
    }

    [Fact]
    public void The_address_type_is_immutable()
    {
        var old = Json(ValidSlice);
        var changed = Patch(old, """{"addressType":"IPv6","endpoints":[]}""");

        Assert.Equal("addressType: Invalid value: \"IPv6\": field is immutable", Assert.Single(_strategy.ValidateUpdate(changed, old)).ToString());
    }
}
