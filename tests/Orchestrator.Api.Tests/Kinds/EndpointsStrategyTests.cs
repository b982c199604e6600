using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class EndpointsStrategyTests
{
    private const string Web = """
        {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"web","namespace":"default"},
         "subsets":[{"addresses":[{"ip":"10.244.1.5","nodeName":"node-1","targetRef":{"kind":"Pod","name":"web-1"}}],
                     "notReadyAddresses":[{"ip":"10.244.2.7","hostname":"web-2"}],
                     "ports":[{"name":"http","port":8080},{"name":"metrics","port":9090}]}]}
        """;

    private readonly EndpointsStrategy _strategy = new();

    [Fact]
    public void Valid_endpoints_pass_and_ports_default_to_TCP()
    {
        var endpoints = Json(Web);

        Valid(StrategyFlow.Create(_strategy, endpoints));

        Assert.Equal("TCP", endpoints["subsets"]![0]!["ports"]![0]!["protocol"]!.GetValue<string>());
    }

    [Fact]
    public void Endpoints_without_subsets_are_valid()
    {
        Valid(StrategyFlow.Create(_strategy, Json("""{"metadata":{"name":"web","namespace":"default"}}""")));
    }

    [Theory]
    [InlineData("""{"subsets":[{"ports":[{"port":80}]}]}""", "subsets[0]", FieldErrorType.Required)]
    [InlineData("""{"subsets":[{"addresses":[{"ip":"10.1"}]}]}""", "subsets[0].addresses[0].ip", FieldErrorType.Invalid)]
    [InlineData("""{"subsets":[{"addresses":[{"ip":"127.0.0.1"}]}]}""", "subsets[0].addresses[0].ip", FieldErrorType.Invalid)]
    [InlineData("""{"subsets":[{"addresses":[{"ip":"169.254.169.254"}]}]}""", "subsets[0].addresses[0].ip", FieldErrorType.Invalid)]
    [InlineData("""{"subsets":[{"addresses":[{"ip":"0.0.0.0"}]}]}""", "subsets[0].addresses[0].ip", FieldErrorType.Invalid)]
    [InlineData("""{"subsets":[{"addresses":[{"ip":"fe80::1"}]}]}""", "subsets[0].addresses[0].ip", FieldErrorType.Invalid)]
    [InlineData("""{"subsets":[{"addresses":[{"ip":"10.0.0.1","hostname":"Web_1"}]}]}""", "subsets[0].addresses[0].hostname", FieldErrorType.Invalid)]
    [InlineData("""{"subsets":[{"notReadyAddresses":[{"ip":"10.0.0.1","nodeName":"Node_1"}]}]}""", "subsets[0].notReadyAddresses[0].nodeName", FieldErrorType.Invalid)]
    [InlineData("""{"subsets":[{"addresses":[{"ip":"10.0.0.1"}],"ports":[{"port":80},{"name":"b","port":81}]}]}""", "subsets[0].ports[0].name", FieldErrorType.Required)]
    [InlineData("""{"subsets":[{"addresses":[{"ip":"10.0.0.1"}],"ports":[{"port":0}]}]}""", "subsets[0].ports[0].port", FieldErrorType.Invalid)]
    [InlineData("""{"subsets":[{"addresses":[{"ip":"10.0.0.1"}],"ports":[{"port":80,"protocol":"HTTP"}]}]}""", "subsets[0].ports[0].protocol", FieldErrorType.NotSupported)]
    public void Invalid_subsets_are_refused(string subsets, string field, FieldErrorType type)
    {
        var endpoints = Patch(Json("""{"metadata":{"name":"web","namespace":"default"}}"""), subsets);

        HasError(StrategyFlow.Create(_strategy, endpoints), field, type);
    }

    [Fact]
    public void Loopback_addresses_may_be_allowed_for_single_machine_clusters()
    {
        var endpoints = Json("""{"metadata":{"name":"web","namespace":"default"},"subsets":[{"addresses":[{"ip":"127.0.0.1"}],"ports":[{"port":8080}]}]}""");

        Valid(StrategyFlow.Create(new EndpointsStrategy { AllowLoopbackAddresses = true }, endpoints));
    }
}
