using Orchestrator.Model.Resources;
using Xunit;

namespace Orchestrator.Model.Tests.Resources;

public sealed class QuantityArithmeticTests
{
    [Theory]
    [InlineData("1Gi", "512Mi", "1536Mi")]
    [InlineData("100m", "900m", "1")]
    [InlineData("1", "-1", "0")]
    [InlineData("1.5", "1.5", "3")]
    [InlineData("1k", "1", "1001")]
    [InlineData("1e3", "1", "1001")]
    [InlineData("8Ei", "8Ei", "18446744073709551614")]
    public void Add_is_exact_and_keeps_the_left_format(string left, string right, string expected)
    {
        var sum = Quantity.Parse(left) + Quantity.Parse(right);

        Assert.Equal(expected, sum.ToString());
        Assert.Equal(Quantity.Parse(left).Format, sum.Format);
    }

    [Theory]
    [InlineData("1Gi", "512Mi", "512Mi")]
    [InlineData("1", "100m", "900m")]
    [InlineData("100m", "1", "-900m")]
    public void Subtract_is_exact(string left, string right, string expected)
    {
        Assert.Equal(expected, (Quantity.Parse(left) - Quantity.Parse(right)).ToString());
    }

    [Theory]
    [InlineData("100m")]
    [InlineData("1Gi")]
    public void Adding_zero_preserves_the_suffix_in_either_order(string text)
    {
        var value = Quantity.Parse(text);
        var zero = Quantity.Parse("0");

        Assert.Equal(text, (value + zero).ToString());
        Assert.Equal(text, (zero + value).ToString());
        Assert.Equal(text, (value - zero).ToString());
        Assert.Equal((-value).ToString(), (zero - value).ToString());
    }

    [Fact]
    public void Negate_keeps_the_format_and_does_not_change_the_source()
    {
        var value = Quantity.Parse("9.01");
        var negated = value.Negate();

        Assert.Equal("-9010m", negated.ToString());
        Assert.Equal("9010m", value.ToString());
        Assert.Equal("-1Gi", (-Quantity.Parse("1Gi")).ToString());
        Assert.Equal("1e3", (-(-Quantity.Parse("1e3"))).ToString());
    }

    [Fact]
    public void Sums_of_requests_compare_with_limits()
    {
        var requests = new[] { "250m", "500m", "0.25" }.Select(Quantity.Parse).Aggregate(Quantity.Zero, (a, b) => a + b);

        Assert.Equal(Quantity.Parse("1"), requests);
        Assert.True(requests <= Quantity.Parse("1000m"));
        Assert.Equal("1", requests.ToString());
    }

    [Fact]
    public void Adding_values_of_vastly_different_magnitude_refuses_instead_of_exhausting_memory()
    {
        Assert.Throws<OverflowException>(() => Quantity.Parse("1e2000000000") + Quantity.Parse("1"));
    }
}
