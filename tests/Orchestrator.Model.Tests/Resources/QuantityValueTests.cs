using Orchestrator.Model.Resources;
using Xunit;

namespace Orchestrator.Model.Tests.Resources;

public sealed class QuantityValueTests
{
    [Theory]
    [InlineData("1", 1, 1000)]
    [InlineData("1.5", 2, 1500)]
    [InlineData("-1.5", -2, -1500)]
    [InlineData("100m", 1, 100)]
    [InlineData("1n", 1, 1)]
    [InlineData("-1n", -1, -1)]
    [InlineData("1Ki", 1024, 1024000)]
    [InlineData("1.5Gi", 1610612736, 1610612736000)]
    [InlineData("0", 0, 0)]
    [InlineData("1E", 1000000000000000000, 0)]
    [InlineData("8Ei", long.MaxValue, 0)]
    public void Value_and_MilliValue_round_up_away_from_zero(string input, long value, long milliValue)
    {
        var quantity = Quantity.Parse(input);

        Assert.Equal(value, quantity.Value());
        if (milliValue != 0 || quantity.IsZero)
        {
            Assert.Equal(milliValue, quantity.MilliValue());
        }
    }

    [Theory]
    [InlineData("10E")]
    [InlineData("8Ei", true)]
    [InlineData("1e30")]
    public void Values_beyond_Int64_throw_instead_of_wrapping(string input, bool onlyMilli = false)
    {
        var quantity = Quantity.Parse(input);

        Assert.Throws<OverflowException>(() => quantity.MilliValue());
        if (!onlyMilli)
        {
            Assert.Throws<OverflowException>(() => quantity.Value());
        }
    }

    [Theory]
    [InlineData("5", 1, 1)]
    [InlineData("5", -3, 5000)]
    [InlineData("1234", 3, 2)]
    [InlineData("1G", 6, 1000)]
    public void ScaledValue_divides_by_a_power_of_ten(string input, int scale, long expected)
    {
        Assert.Equal(expected, Quantity.Parse(input).ScaledValue(scale));
    }

    [Theory]
    [InlineData("-1", -1, true)]
    [InlineData("0", 0, false)]
    [InlineData("-0", 0, false)]
    [InlineData("3m", 1, false)]
    public void Sign_and_IsNegative(string input, int sign, bool negative)
    {
        var quantity = Quantity.Parse(input);

        Assert.Equal(sign, quantity.Sign);
        Assert.Equal(negative, quantity.IsNegative);
        Assert.Equal(sign == 0, quantity.IsZero);
    }

    [Fact]
    public void ToDouble_approximates()
    {
        Assert.Equal(1.5, Quantity.Parse("1500m").ToDouble());
        Assert.Equal(1073741824d, Quantity.Parse("1Gi").ToDouble());
        Assert.Equal(0d, Quantity.Zero.ToDouble());
    }
}
