using Orchestrator.Model.Resources;
using Xunit;

namespace Orchestrator.Model.Tests.Resources;

/// <summary>Parsing, re-expressing the table of Kubernetes' TestQuantityParse.</summary>
public sealed class QuantityParseTests
{
    private const QuantityFormat Si = QuantityFormat.DecimalSI;
    private const QuantityFormat Bin = QuantityFormat.BinarySI;
    private const QuantityFormat Exp = QuantityFormat.DecimalExponent;

    // input, expected mantissa and decimal exponent, expected format
    public static TheoryData<string, long, int, QuantityFormat> ValidQuantities => new()
    {
        { "0", 0, 0, Si },
        { "0n", 0, 0, Si },
        { "0u", 0, 0, Si },
        { "0m", 0, 0, Si },
        { "0Ki", 0, 0, Bin },
        { "0k", 0, 0, Si },
        { "0Mi", 0, 0, Bin },
        { "0M", 0, 0, Si },
        { "0Gi", 0, 0, Bin },
        { "0G", 0, 0, Si },
        { "0Ti", 0, 0, Bin },
        { "0T", 0, 0, Si },

        // Quantity-less numbers are allowed
        { "1", 1, 0, Si },

        // Binary suffixes
        { "1Ki", 1024, 0, Bin },
        { "8Ki", 8 * 1024, 0, Bin },
        { "7Mi", 7 * 1024 * 1024, 0, Bin },
        { "6Gi", 6L * 1024 * 1024 * 1024, 0, Bin },
        { "5Ti", 5L * 1024 * 1024 * 1024 * 1024, 0, Bin },
        { "4Pi", 4L * 1024 * 1024 * 1024 * 1024 * 1024, 0, Bin },
        { "3Ei", 3L * 1024 * 1024 * 1024 * 1024 * 1024 * 1024, 0, Bin },
        { "10Ti", 10L * 1024 * 1024 * 1024 * 1024, 0, Bin },
        { "100Ti", 100L * 1024 * 1024 * 1024 * 1024, 0, Bin },

        // Decimal suffixes
        { "5n", 5, -9, Si },
        { "4u", 4, -6, Si },
        { "3m", 3, -3, Si },
        { "9", 9, 0, Si },
        { "8k", 8, 3, Si },
        { "50k", 5, 4, Si },
        { "7M", 7, 6, Si },
        { "6G", 6, 9, Si },
        { "5T", 5, 12, Si },
        { "40T", 4, 13, Si },
        { "300T", 3, 14, Si },
        { "2P", 2, 15, Si },
        { "1E", 1, 18, Si },

        // Decimal exponents
        { "1E-3", 1, -3, Exp },
        { "1e3", 1, 3, Exp },
        { "1E6", 1, 6, Exp },
        { "1e9", 1, 9, Exp },
        { "1E12", 1, 12, Exp },
        { "1e15", 1, 15, Exp },
        { "1E18", 1, 18, Exp },

        // Nonstandard but still parsable
        { "1e14", 1, 14, Exp },
        { "1e13", 1, 13, Exp },
        { "100.035k", 100035, 0, Si },

        // Things that look like floating point
        { "0.001", 1, -3, Si },
        { "0.0005k", 5, -1, Si },
        { "0.005", 5, -3, Si },
        { "0.05", 5, -2, Si },
        { "0.5", 5, -1, Si },
        { "0.00050k", 5, -1, Si },
        { "0.00500", 5, -3, Si },
        { "0.05000", 5, -2, Si },
        { "0.50000", 5, -1, Si },
        { "0.5e0", 5, -1, Exp },
        { "0.5e-1", 5, -2, Exp },
        { "0.5e-2", 5, -3, Exp },
        { "10.035M", 10035, 3, Si },
        { "1.2e3", 12, 2, Exp },
        { "1.3E+6", 13, 5, Exp },
        { "1.40e9", 14, 8, Exp },
        { "1.53E12", 153, 10, Exp },
        { "1.6e15", 16, 14, Exp },
        { "1.7E18", 17, 17, Exp },
        { "9.01", 901, -2, Si },
        { "8.1k", 81, 2, Si },
        { "7.123456M", 7123456, 0, Si },
        { "6.987654321G", 6987654321, 0, Si },
        { "5.444T", 5444, 9, Si },
        { "40.1T", 401, 11, Si },
        { "300.2T", 3002, 11, Si },
        { "2.5P", 25, 14, Si },
        { "1.01E", 101, 16, Si },

        // Things that saturate or round
        { "3.001n", 4, -9, Si },
        { "1.1E-9", 2, -9, Exp },
        { "0.0000000001", 1, -9, Si },
        { "0.0000000005", 1, -9, Si },
        { "0.00000000050", 1, -9, Si },
        { "0.5e-9", 1, -9, Exp },
        { "0.9n", 1, -9, Si },
        { "0.00000012345", 124, -9, Si },
        { "0.00000012354", 124, -9, Si },
        { "9Ei", long.MaxValue, 0, Bin },
        { "9223372036854775807Ki", long.MaxValue, 0, Bin },
        { "12E", 12, 18, Si },

        // Fractional binary amounts
        { "100.035Ki", 10243584, -2, Bin },
        { "0.5Mi", 512 * 1024, 0, Bin },
        { "0.05Gi", 536870912, -1, Bin },
        { "0.025Ti", 274877906944, -1, Bin },

        // Things written by trolls
        { "0.000000000001Ki", 2, -9, Si }, // rounds up and changes format
        { ".001", 1, -3, Si },
        { ".0001k", 100, -3, Si },
        { "1.", 1, 0, Si },
        { "1.G", 1, 9, Si },
    };

    public static TheoryData<string> InvalidQuantities =>
    [
        "1.1.M",
        "1+1.0M",
        "0.1mi",
        "0.1am",
        "aoeu",
        ".5i",
        "1i",
        "-3.01i",
        "-3.01e-",
        " 1",
        "1 ",
        "",
        "1.2.3",
        "abc",
        "1Mb",
        "--1",
        "1K",
        "1e",
        "1Ee3",
        "1m5",
        ".Ei",
    ];

    [Theory]
    [MemberData(nameof(ValidQuantities))]
    public void Parses_the_value_and_remembers_the_format(string input, long mantissa, int exponent, QuantityFormat format)
    {
        var quantity = Quantity.Parse(input);

        Assert.Equal(Quantity.FromScaled(mantissa, exponent), quantity);
        Assert.Equal(format, quantity.Format);
    }

    [Theory]
    [MemberData(nameof(ValidQuantities))]
    public void A_leading_minus_negates_and_keeps_the_format(string input, long mantissa, int exponent, QuantityFormat format)
    {
        var quantity = Quantity.Parse("-" + input);

        Assert.Equal(Quantity.FromScaled(-mantissa, exponent), quantity);
        Assert.Equal(format, quantity.Format);
    }

    [Theory]
    [MemberData(nameof(ValidQuantities))]
    public void A_leading_plus_changes_nothing(string input, long mantissa, int exponent, QuantityFormat format)
    {
        var quantity = Quantity.Parse("+" + input);

        Assert.Equal(Quantity.FromScaled(mantissa, exponent), quantity);
        Assert.Equal(format, quantity.Format);
    }

    [Theory]
    [MemberData(nameof(InvalidQuantities))]
    public void Rejects_malformed_text(string input)
    {
        Assert.False(Quantity.TryParse(input, out _));
        Assert.Throws<FormatException>(() => Quantity.Parse(input));
    }

    [Fact]
    public void TryParse_rejects_null()
    {
        Assert.False(Quantity.TryParse(null, out var quantity));
        Assert.Equal(Quantity.Zero, quantity);
    }

    [Theory]
    [InlineData("1Mb", "cannot parse '1Mb': quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("", "cannot parse '': quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("1i", "cannot parse '1i': unable to parse quantity's suffix")]
    [InlineData("--1", "cannot parse '--1': unable to parse quantity's suffix")]
    [InlineData(".Ei", "cannot parse '.Ei': unable to parse numeric part of quantity")]
    public void Errors_carry_the_Kubernetes_reason(string input, string message)
    {
        var error = Assert.Throws<FormatException>(() => Quantity.Parse(input));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("+", "0")]
    [InlineData("-", "0")]
    [InlineData(".", "0")]
    [InlineData("-.", "0")]
    [InlineData("000", "0")]
    [InlineData(".Ki", "0")]
    public void Degenerate_numbers_are_zero_as_in_Kubernetes(string input, string expected)
    {
        var quantity = Quantity.Parse(input);

        Assert.True(quantity.IsZero);
        Assert.Equal(expected, quantity.ToString());
    }

    [Fact]
    public void Values_beyond_Int64_keep_their_value_in_decimal_formats()
    {
        var quantity = Quantity.Parse("18446744073709551616");

        Assert.Equal("18446744073709551616", quantity.ToString());
        Assert.True(quantity > Quantity.FromInt64(long.MaxValue));
    }

    [Fact]
    public void Binary_values_are_capped_at_the_largest_Int64()
    {
        Assert.Equal(Quantity.Parse("8Ei"), Quantity.Parse("9223372036854775807"));
        Assert.Equal(Quantity.Parse("8Ei"), Quantity.Parse("100Ei"));
        Assert.Equal("9223372036854775807", Quantity.Parse("8Ei").ToString());
        Assert.Equal("-9223372036854775807", Quantity.Parse("-9Ei").ToString());
    }

    [Fact]
    public void Huge_decimal_exponents_parse_without_expanding_the_number()
    {
        var huge = Quantity.Parse("1e2000000000");
        var tiny = Quantity.Parse("1e-2000000000");

        Assert.Equal("100e1999999998", huge.ToString()); // exponent lowered to a multiple of three
        Assert.Equal("1e-9", tiny.ToString()); // rounded up to a nano
        Assert.True(huge > Quantity.Parse("8Ei"));
    }
}
