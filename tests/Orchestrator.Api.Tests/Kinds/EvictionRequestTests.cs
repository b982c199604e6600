using Orchestrator.Api.Errors;
using Orchestrator.Api.Kinds;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class EvictionRequestTests
{
    [Fact]
    public void An_eviction_with_delete_options_is_parsed()
    {
        var request = EvictionRequest.Parse(Json("""
            {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"web-1","namespace":"shop"},
             "deleteOptions":{"gracePeriodSeconds":10,"propagationPolicy":"Background","dryRun":["All"],
                              "preconditions":{"uid":"u-1","resourceVersion":"7"}}}
            """), "shop", "web-1");

        Assert.Equal("web-1", request.Name);
        Assert.Equal("shop", request.Namespace);
        Assert.Equal(10, request.GracePeriodSeconds);
        Assert.Equal("Background", request.PropagationPolicy);
        Assert.True(request.DryRun);
        Assert.Equal("u-1", request.PreconditionUid);
        Assert.Equal("7", request.PreconditionResourceVersion);
    }

    [Fact]
    public void A_bare_eviction_as_kubectl_drain_sends_it_has_no_options()
    {
        var request = EvictionRequest.Parse(Json("""{"apiVersion":"policy/v1beta1","kind":"Eviction","metadata":{"name":"web-1"}}"""), "shop", "web-1");

        Assert.Null(request.GracePeriodSeconds);
        Assert.False(request.DryRun);
        Assert.Empty(request.DeleteOptions);
    }

    [Theory]
    [InlineData("""[]""", "policy/v1 Eviction")]
    [InlineData("""{"kind":"Pod","metadata":{"name":"web-1"}}""", "not a Eviction object")]
    [InlineData("""{"apiVersion":"v1","kind":"Eviction","metadata":{"name":"web-1"}}""", "does not match the expected API version")]
    [InlineData("""{"kind":"Eviction","metadata":{"name":"web-2"}}""", "name in URL does not match name in Eviction object")]
    [InlineData("""{"kind":"Eviction","metadata":{"name":"web-1","namespace":"other"}}""", "does not match the namespace sent on the request")]
    [InlineData("""{"kind":"Eviction","metadata":{"name":"web-1"},"deleteOptions":"now"}""", "deleteOptions")]
    public void A_body_that_is_not_an_eviction_of_this_pod_is_a_bad_request(string body, string message)
    {
        var error = Assert.Throws<StatusException>(() => EvictionRequest.Parse(System.Text.Json.Nodes.JsonNode.Parse(body), "shop", "web-1"));

        Assert.Equal(400, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"propagationPolicy":"Sideways"}""", "propagationPolicy")]
    [InlineData("""{"propagationPolicy":"Orphan","orphanDependents":true}""", "propagationPolicy")]
    [InlineData("""{"dryRun":["Some"]}""", "dryRun")]
    [InlineData("""{"gracePeriodSeconds":"soon"}""", "gracePeriodSeconds")]
    public void Invalid_delete_options_are_unprocessable(string options, string field)
    {
        var body = Json("""{"kind":"Eviction","metadata":{"name":"web-1"}}""");
        body["deleteOptions"] = Json(options);

        var error = Assert.Throws<StatusException>(() => EvictionRequest.Parse(body, "shop", "web-1"));

        Assert.Equal(422, error.Code);
        Assert.StartsWith("DeleteOptions.meta.k8s.io \"\" is invalid: " + field, error.Message, StringComparison.Ordinal);
        Assert.Equal("DeleteOptions", error.Details!["kind"]!.GetValue<string>());
        Assert.Equal(field, error.Details!["causes"]![0]!["field"]!.GetValue<string>());
    }
}
