using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Model.Resources;
using Xunit;

namespace Orchestrator.Model.Tests.Resources;

public sealed class QuantityJsonTests
{
    private sealed record Requests(Quantity Cpu, Quantity? Memory);

    [Theory]
    [InlineData("\" 1\"", "1")]
    [InlineData("\"1 \"", "1")]
    [InlineData("1", "1")]
    [InlineData(" 1", "1")]
    [InlineData("1 ", "1")]
    [InlineData("10", "10")]
    [InlineData("-1", "-1")]
    [InlineData(" -1", "-1")]
    [InlineData("0.5", "500m")]
    [InlineData("1e3", "1e3")]
    [InlineData("\"1.5Gi\"", "1536Mi")]
    [InlineData("null", "0")]
    public void Reads_strings_and_numbers_with_surrounding_whitespace_ignored(string json, string expected)
    {
        var quantity = JsonSerializer.Deserialize<Quantity>(json);

        Assert.Equal(expected, quantity.ToString());
    }

    [Fact]
    public void Writes_the_canonical_string()
    {
        var json = JsonSerializer.Serialize(new Requests(Quantity.Parse("1000m"), Quantity.Parse("1.5Gi")));

        Assert.Equal("{\"Cpu\":\"1\",\"Memory\":\"1536Mi\"}", json);
    }

    [Fact]
    public void Round_trips_through_a_record()
    {
        var requests = JsonSerializer.Deserialize<Requests>("{\"Cpu\":\"250m\",\"Memory\":null}")!;

        Assert.Equal(Quantity.Parse("0.25"), requests.Cpu);
        Assert.Null(requests.Memory);
        Assert.Equal("{\"Cpu\":\"250m\",\"Memory\":null}", JsonSerializer.Serialize(requests));
    }

    [Theory]
    [InlineData("\"1Mb\"")]
    [InlineData("true")]
    [InlineData("{}")]
    public void Bad_input_is_a_JSON_error(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Quantity>(json));
    }

    [Theory]
    [InlineData("\"2Gi\"", "2Gi")]
    [InlineData("\" 100m \"", "100m")]
    [InlineData("2", "2")]
    [InlineData("0.1", "100m")]
    [InlineData("null", "0")]
    public void FromJsonNode_reads_values_found_in_objects(string json, string expected)
    {
        Assert.Equal(expected, Quantity.FromJsonNode(JsonNode.Parse(json)).ToString());
    }

    [Fact]
    public void FromJsonNode_rejects_containers_and_garbage()
    {
        Assert.Equal(Quantity.Zero, Quantity.FromJsonNode(null));
        Assert.Throws<FormatException>(() => Quantity.FromJsonNode(new JsonObject()));
        Assert.Throws<FormatException>(() => Quantity.FromJsonNode(JsonValue.Create("lots")));
        Assert.Throws<FormatException>(() => Quantity.FromJsonNode(JsonValue.Create(true)));
    }
}
