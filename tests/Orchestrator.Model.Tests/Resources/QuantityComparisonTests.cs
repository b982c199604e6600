using Orchestrator.Model.Resources;
using Xunit;

namespace Orchestrator.Model.Tests.Resources;

public sealed class QuantityComparisonTests
{
    [Theory]
    [InlineData("0", "0", 0)]
    [InlineData("100m", "50m", 1)]
    [InlineData("50m", "100m", -1)]
    [InlineData("10000T", "100Gi", 1)]
    [InlineData("1Gi", "1073741824", 0)]
    [InlineData("1k", "1000", 0)]
    [InlineData("1e3", "1k", 0)]
    [InlineData("1E", "1Ei", -1)]
    [InlineData("1Ei", "1E", 1)]
    [InlineData("-1", "1m", -1)]
    [InlineData("-2", "-1", -1)]
    [InlineData("-1Gi", "-1G", -1)]
    [InlineData("9.01", "9.01", 0)]
    [InlineData("900m", "9.01", -1)]
    [InlineData("800m", "1", -1)]
    [InlineData("800m", "790m", 1)]
    [InlineData("9223372036854775807", "100m", 1)]
    [InlineData("1e100", "1e99", 1)]
    [InlineData("1e-5", "1e-6", 1)]
    [InlineData("8Ei", "9Ei", 0)]
    [InlineData("0.5", "500m", 0)]
    [InlineData("0Gi", "0m", 0)]
    public void Compares_by_exact_value(string left, string right, int expected)
    {
        var a = Quantity.Parse(left);
        var b = Quantity.Parse(right);

        Assert.Equal(expected, Math.Sign(a.CompareTo(b)));
        Assert.Equal(-expected, Math.Sign(b.CompareTo(a)));
        Assert.Equal(expected == 0, a.Equals(b));
        Assert.Equal(expected == 0, a == b);
        Assert.Equal(expected != 0, a != b);
        Assert.Equal(expected < 0, a < b);
        Assert.Equal(expected > 0, a > b);
        Assert.Equal(expected <= 0, a <= b);
        Assert.Equal(expected >= 0, a >= b);
        if (expected == 0)
        {
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
        }
    }

    [Fact]
    public void Equal_values_in_different_formats_are_equal_and_keep_their_formats()
    {
        var binary = Quantity.Parse("1Gi");
        var plain = Quantity.Parse("1073741824");

        Assert.Equal(binary, plain);
        Assert.Equal(QuantityFormat.BinarySI, binary.Format);
        Assert.Equal(QuantityFormat.DecimalSI, plain.Format);
        Assert.Single(new HashSet<Quantity> { binary, plain });
    }

    [Fact]
    public void Sorting_orders_by_value()
    {
        var sorted = new[] { "1Gi", "500Mi", "1G", "100m", "-1", "2" }.Select(Quantity.Parse).Order().Select(q => q.ToString());

        Assert.Equal(["-1", "100m", "2", "500Mi", "1G", "1Gi"], sorted);
    }

    [Fact]
    public void CompareTo_object_follows_the_IComparable_contract()
    {
        var quantity = Quantity.Parse("1");

        Assert.Equal(1, quantity.CompareTo(null));
        Assert.Equal(0, quantity.CompareTo((object)Quantity.Parse("1000m")));
        Assert.Throws<ArgumentException>(() => quantity.CompareTo("1"));
        Assert.False(Quantity.Parse("1").Equals("1"));
    }
}
