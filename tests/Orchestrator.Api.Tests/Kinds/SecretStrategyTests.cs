using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class SecretStrategyTests
{
    private const string ValidSecret = """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"default"},
         "data":{"username":"YWRtaW4=","password":"czNjcjN0"}}
        """;

    private readonly SecretStrategy _strategy = new();

    private JsonObject Created(string json)
    {
        var secret = Json(json);
        _strategy.Default(secret);
        _strategy.PrepareForCreate(secret);
        return secret;
    }

    private static string Decoded(JsonNode? value) => Encoding.UTF8.GetString(Convert.FromBase64String(value!.GetValue<string>()));

    [Fact]
    public void Type_defaults_to_opaque_and_a_valid_secret_passes()
    {
        var secret = Created(ValidSecret);

        Assert.Equal("Opaque", secret["type"]!.GetValue<string>());
        Valid(_strategy.ValidateCreate(secret));
    }

    [Fact]
    public void A_given_type_is_kept()
    {
        Assert.Equal("example.com/token", Created("""{"type":"example.com/token"}""")["type"]!.GetValue<string>());
    }

    [Fact]
    public void String_data_is_encoded_into_data_overriding_it_and_dropped()
    {
        var secret = Created("""{"metadata":{"name":"db"},"data":{"username":"b2xk","host":"ZGI="},"stringData":{"username":"admin","pass word":"ünïcode"}}""");

        Assert.Null(secret["stringData"]);
        Assert.Equal("admin", Decoded(secret["data"]!["username"]));
        Assert.Equal("db", Decoded(secret["data"]!["host"]));
        Assert.Equal("ünïcode", Decoded(secret["data"]!["pass word"]));
        HasError(_strategy.ValidateCreate(secret), "data[pass word]", FieldErrorType.Invalid);
    }

    [Fact]
    public void String_data_that_is_not_text_stays_and_is_refused()
    {
        var secret = Created("""{"metadata":{"name":"db"},"stringData":{"ok":"x","port":5432}}""");

        Assert.Equal("x", Decoded(secret["data"]!["ok"]));
        HasError(_strategy.ValidateCreate(secret), "stringData[port]", FieldErrorType.TypeInvalid);
    }

    [Fact]
    public void Updates_merge_string_data_too()
    {
        var old = Created(ValidSecret);
        var update = Patch(old, """{"stringData":{"password":"n3w"}}""");

        _strategy.Default(update);
        _strategy.PrepareForUpdate(update, old);

        Assert.Null(update["stringData"]);
        Assert.Equal("n3w", Decoded(update["data"]!["password"]));
        Valid(_strategy.ValidateUpdate(update, old));
    }

    [Fact]
    public void A_value_that_is_not_base64_is_refused_without_echoing_it()
    {
        var error = HasError(_strategy.ValidateCreate(Created("""{"data":{"token":"hunter2!"}}""")), "data[token]", FieldErrorType.Invalid);

        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("<secret contents redacted>", error.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, FieldErrorType> InvalidSecrets => new()
    {
        { """{"data":{"bad key":"eA=="}}""", "data[bad key]", FieldErrorType.Invalid },
        { """{"data":{"x":"eA= ="}}""", "data[x]", FieldErrorType.Invalid },
        { """{"data":{"x":"eA"}}""", "data[x]", FieldErrorType.Invalid },
        { """{"data":{"x":12}}""", "data[x]", FieldErrorType.TypeInvalid },
        { """{"type":"kubernetes.io/tls","data":{"tls.crt":"eA=="}}""", "data[tls.key]", FieldErrorType.Required },
        { """{"type":"kubernetes.io/tls"}""", "data[tls.crt]", FieldErrorType.Required },
        { """{"type":"kubernetes.io/basic-auth","data":{"other":"eA=="}}""", "data[username]", FieldErrorType.Required },
        { """{"type":"kubernetes.io/ssh-auth","data":{"ssh-privatekey":""}}""", "data[ssh-privatekey]", FieldErrorType.Required },
        { """{"type":"kubernetes.io/dockerconfigjson","data":{}}""", "data[.dockerconfigjson]", FieldErrorType.Required },
        { """{"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"e2F1dGhz"}}""", "data[.dockerconfigjson]", FieldErrorType.Invalid },
        { """{"type":"kubernetes.io/dockercfg","data":{".dockercfg":"WzFd"}}""", "data[.dockercfg]", FieldErrorType.Invalid },
        { """{"type":"kubernetes.io/service-account-token"}""", "metadata.annotations[kubernetes.io/service-account.name]", FieldErrorType.Required },
    };

    [Theory]
    [MemberData(nameof(InvalidSecrets))]
    public void Invalid_secrets_are_refused(string json, string field, FieldErrorType type)
    {
        HasError(_strategy.ValidateCreate(Created(json)), field, type);
    }

    [Theory]
    [InlineData("""{"type":"kubernetes.io/tls","data":{"tls.crt":"eA==","tls.key":"eQ=="}}""")]
    [InlineData("""{"type":"kubernetes.io/basic-auth","data":{"password":""}}""")]
    [InlineData("""{"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"eyJhdXRocyI6e319"}}""")]
    [InlineData("""{"type":"kubernetes.io/service-account-token","metadata":{"annotations":{"kubernetes.io/service-account.name":"default"}}}""")]
    [InlineData("""{"data":{"multi-line":"eHh4\neHh4"}}""")]
    public void Well_known_types_with_their_keys_pass(string json)
    {
        Valid(_strategy.ValidateCreate(Created(json)));
    }

    [Fact]
    public void More_than_one_MiB_of_decoded_data_is_too_long()
    {
        var secret = Created(ValidSecret);
        secret["data"]!["blob"] = Convert.ToBase64String(new byte[1024 * 1024]);

        HasError(_strategy.ValidateCreate(secret), "data", FieldErrorType.TooLong);
    }

    [Fact]
    public void The_type_may_not_change()
    {
        var old = Created(ValidSecret);

        var error = HasError(_strategy.ValidateUpdate(Patch(old, """{"type":"kubernetes.io/basic-auth"}"""), old), "type", FieldErrorType.Invalid);

        Assert.Equal("type: Invalid value: \"kubernetes.io/basic-auth\": field is immutable", error.ToString());
    }

    [Theory]
    [InlineData("""{"data":{"password":"bmV3"}}""", "data")]
    [InlineData("""{"immutable":false}""", "immutable")]
    public void An_immutable_secret_keeps_its_data(string patch, string field)
    {
        var old = Created(ValidSecret);
        old["immutable"] = true;

        HasError(_strategy.ValidateUpdate(Patch(old, patch), old), field, FieldErrorType.Forbidden);
    }

    [Fact]
    public void An_immutable_secret_may_change_its_metadata()
    {
        var old = Created(ValidSecret);
        old["immutable"] = true;

        Valid(_strategy.ValidateUpdate(Patch(old, """{"metadata":{"labels":{"rotated":"no"}}}"""), old));
    }

    [Fact]
    public void Type_is_selectable()
    {
        Assert.Equal("Opaque", _strategy.GetSelectableField(Created(ValidSecret), "type"));
    }
}
