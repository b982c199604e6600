using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class ConfigMapStrategyTests
{
    private const string ValidConfigMap = """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"app","namespace":"default"},
         "data":{"app.properties":"mode=prod\n","LOG_LEVEL":"info","-_.":"x"},
         "binaryData":{"logo.png":"iVBORw0KGgo="}}
        """;

    private readonly ConfigMapStrategy _strategy = new();

    [Fact]
    public void A_valid_config_map_passes_unchanged_by_defaulting()
    {
        var configMap = Json(ValidConfigMap);
        var before = configMap.DeepClone();

        _strategy.Default(configMap);
        _strategy.PrepareForCreate(configMap);

        Assert.True(JsonNode.DeepEquals(before, configMap));
        Valid(_strategy.ValidateCreate(configMap));
    }

    public static TheoryData<string, string, FieldErrorType> InvalidConfigMaps => new()
    {
        { """{"data":{"a b":"x"}}""", "data[a b]", FieldErrorType.Invalid },
        { """{"data":{"..":"x"}}""", "data[..]", FieldErrorType.Invalid },
        { """{"data":{"logo.png":"x"}}""", "data[logo.png]", FieldErrorType.Invalid },
        { """{"binaryData":{"a/b":"eA=="}}""", "binaryData[a/b]", FieldErrorType.Invalid },
        { """{"binaryData":{"raw":"not base64!"}}""", "binaryData[raw]", FieldErrorType.Invalid },
        { """{"data":{"n":1}}""", "data[n]", FieldErrorType.TypeInvalid },
        { """{"data":["x"]}""", "data", FieldErrorType.TypeInvalid },
        { """{"immutable":"yes"}""", "immutable", FieldErrorType.TypeInvalid },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigMaps))]
    public void Invalid_config_maps_are_refused(string patch, string field, FieldErrorType type)
    {
        HasError(_strategy.ValidateCreate(Patch(Json(ValidConfigMap), patch)), field, type);
    }

    [Fact]
    public void More_than_one_MiB_of_data_is_too_long_for_the_whole_object()
    {
        var configMap = Json("""{"metadata":{"name":"big"}}""");
        configMap["data"] = new JsonObject { ["a"] = new string('x', 600 * 1024) };
        configMap["binaryData"] = new JsonObject { ["b"] = Convert.ToBase64String(new byte[500 * 1024]) };

        var error = HasError(_strategy.ValidateCreate(configMap), "", FieldErrorType.TooLong);

        Assert.Equal(": Too long: must have at most 1048576 bytes", error.ToString());
    }

    [Fact]
    public void Exactly_one_MiB_is_allowed()
    {
        var configMap = Json("""{"metadata":{"name":"big"}}""");
        configMap["data"] = new JsonObject { ["a"] = new string('x', 1024 * 1024) };

        Valid(_strategy.ValidateCreate(configMap));
    }

    [Theory]
    [InlineData("""{"data":{"LOG_LEVEL":"debug"}}""", "data")]
    [InlineData("""{"binaryData":null}""", "binaryData")]
    [InlineData("""{"immutable":false}""", "immutable")]
    [InlineData("""{"immutable":null}""", "immutable")]
    public void An_immutable_config_map_keeps_its_data(string patch, string field)
    {
        var old = Patch(Json(ValidConfigMap), """{"immutable":true}""");

        var error = HasError(_strategy.ValidateUpdate(Patch(old, patch), old), field, FieldErrorType.Forbidden);

        Assert.Equal("field is immutable when `immutable` is set", error.Detail);
    }

    [Fact]
    public void An_immutable_config_map_may_still_change_its_labels()
    {
        var old = Patch(Json(ValidConfigMap), """{"immutable":true}""");

        Valid(_strategy.ValidateUpdate(Patch(old, """{"metadata":{"labels":{"a":"b"}}}"""), old));
    }

    [Fact]
    public void A_mutable_config_map_may_change_and_become_immutable()
    {
        var old = Json(ValidConfigMap);

        Valid(_strategy.ValidateUpdate(Patch(old, """{"data":{"LOG_LEVEL":"debug"},"immutable":true}"""), old));
    }

    [Fact]
    public void Updates_are_validated_like_creates()
    {
        var old = Json(ValidConfigMap);

        HasError(_strategy.ValidateUpdate(Patch(old, """{"data":{"bad key":"x"}}"""), old), "data[bad key]", FieldErrorType.Invalid);
    }
}
