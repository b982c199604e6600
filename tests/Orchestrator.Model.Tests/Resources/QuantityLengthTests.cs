using System.Diagnostics;
using System.Text;
using Orchestrator.Model.Resources;
using Xunit;

namespace Orchestrator.Model.Tests.Resources;

/// <summary>
/// Quantities as long as a request body allows: exact, as in Kubernetes, and in time roughly linear in
/// their length (BigInteger.ToString alone is quadratic: half a minute for a million digits).
/// </summary>
public sealed class QuantityLengthTests
{
    [Theory]
    [InlineData(40_000, 7)]
    [InlineData(120_000, 11)]
    public void Long_numbers_print_back_exactly(int length, int seed)
    {
        var random = new Random(seed);
        var digits = new StringBuilder().Append((char)('1' + random.Next(9)));
        while (digits.Length < length - 1)
        {
            digits.Append((char)('0' + random.Next(10)));
        }

        digits.Append((char)('1' + random.Next(9))); // no trailing zero: the canonical form is the number itself
        var text = digits.ToString();

        Assert.Equal(text, Quantity.Parse(text).ToString());
        Assert.Equal("-" + text, Quantity.Parse("-" + text).ToString());
        Assert.Equal(text + "m", Quantity.Parse(text + "m").ToString());
        Assert.Equal(text + "m", Quantity.Parse(text[..^3] + "." + text[^3..]).ToString());
    }

    [Fact]
    public void A_million_digits_parse_add_compare_and_print_in_seconds()
    {
        var nines = new string('9', 1_000_000);
        var clock = Stopwatch.StartNew();

        var quantity = Quantity.Parse(nines);
        var sum = quantity + Quantity.FromInt64(1);
        var printed = quantity.ToString();

        Assert.Equal(nines, printed);
        Assert.True(quantity < sum);
        Assert.Equal("10e999999", sum.ToString());
        Assert.False(quantity.IsZero);
        Assert.Throws<OverflowException>(() => quantity.MilliValue());
        Assert.True(quantity.IsWholeNumber);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Trailing_zeros_and_long_fractions_are_cheap()
    {
        var clock = Stopwatch.StartNew();
        Assert.Equal("1e999999", Quantity.Parse("1" + new string('0', 999_999) + "e0").ToString());
        Assert.Equal("1" + new string('0', 1_000_000 % 3) + "e" + (1_000_000 - (1_000_000 % 3)), Quantity.Parse("1" + new string('0', 1_000_000)).ToString());
        Assert.Equal("777777778n", Quantity.Parse("0." + new string('7', 1_000_000)).ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Whole_numbers_are_told_exactly()
    {
        Assert.True(Quantity.Parse("1e400").IsWholeNumber);
        Assert.True(Quantity.Parse("0").IsWholeNumber);
        Assert.True(Quantity.Parse("3k").IsWholeNumber);
        Assert.False(Quantity.Parse("1500m").IsWholeNumber);
        Assert.False(Quantity.Parse("1n").IsWholeNumber);
    }
}
