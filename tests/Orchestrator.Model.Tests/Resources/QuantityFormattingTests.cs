using Orchestrator.Model.Resources;
using Xunit;

namespace Orchestrator.Model.Tests.Resources;

/// <summary>Canonical printing, re-expressing Kubernetes' TestQuantityString, TestQuantityParseEmit and friends.</summary>
public sealed class QuantityFormattingTests
{
    private const QuantityFormat Si = QuantityFormat.DecimalSI;
    private const QuantityFormat Bin = QuantityFormat.BinarySI;
    private const QuantityFormat Exp = QuantityFormat.DecimalExponent;

    // mantissa, exponent, format, canonical form, an alternate spelling of the same value ("" for none)
    public static TheoryData<long, int, QuantityFormat, string, string> CanonicalForms => new()
    {
        { 1024 * 1024 * 1024, 0, Bin, "1Gi", "1024Mi" },
        { 300 * 1024 * 1024, 0, Bin, "300Mi", "307200Ki" },
        { 6 * 1024, 0, Bin, "6Ki", "" },
        { 1001L * 1024 * 1024 * 1024, 0, Bin, "1001Gi", "1025024Mi" },
        { 1024L * 1024 * 1024 * 1024, 0, Bin, "1Ti", "1024Gi" },
        { 5, 0, Bin, "5", "5000m" },
        { 500, -3, Bin, "500m", "0.5" },
        { 1, 9, Si, "1G", "1000M" },
        { 1000, 6, Si, "1G", "0.001T" },
        { 1000000, 3, Si, "1G", "" },
        { 1000000000, 0, Si, "1G", "" },
        { 1, -3, Si, "1m", "1000u" },
        { 80, -3, Si, "80m", "" },
        { 1080, -3, Si, "1080m", "1.08" },
        { 108, -2, Si, "1080m", "1080000000n" },
        { 10800, -4, Si, "1080m", "" },
        { 300, 6, Si, "300M", "" },
        { 1, 12, Si, "1T", "" },
        { 1, 18, Si, "1E", "" },
        { 1, 21, Si, "1e21", "1000E" },
        { 5, 21, Si, "5e21", "5000E" },
        { 1, 24, Si, "1e24", "1000000E" },
        { 1234567, 6, Si, "1234567M", "" },
        { 1234567, -3, Bin, "1234567m", "" },
        { 3, 3, Si, "3k", "" },
        { 1025, 0, Bin, "1025", "" },
        { 0, 0, Si, "0", "" },
        { 0, 0, Bin, "0", "" },
        { 1, 9, Exp, "1e9", ".001e12" },
        { 1, -3, Exp, "1e-3", "0.001e0" },
        { 1, -9, Exp, "1e-9", "1000e-12" },
        { 80, -3, Exp, "80e-3", "" },
        { 300, 6, Exp, "300e6", "" },
        { 1, 12, Exp, "1e12", "" },
        { 1, 3, Exp, "1e3", "" },
        { 3, 3, Exp, "3e3", "" },
        { 0, 0, Exp, "0", "00" },
        { 1, -9, Si, "1n", "" },
        { 80, -9, Si, "80n", "" },
        { 1080, -9, Si, "1080n", "" },
        { 108, -8, Si, "1080n", "" },
        { 10800, -10, Si, "1080n", "" },
        { 1, -6, Si, "1u", "" },
        { 80, -6, Si, "80u", "" },
        { 1080, -6, Si, "1080u", "" },
    };

    [Theory]
    [MemberData(nameof(CanonicalForms))]
    public void Prints_the_canonical_form_and_reads_it_back(long mantissa, int exponent, QuantityFormat format, string canonical, string alternate)
    {
        var quantity = Quantity.FromScaled(mantissa, exponent, format);

        Assert.Equal(canonical, quantity.ToString());
        Assert.Equal(canonical, Quantity.Parse(canonical).ToString());
        Assert.Equal(quantity, Quantity.Parse(canonical));
        if (alternate.Length > 0)
        {
            Assert.Equal(canonical, Quantity.Parse(alternate).ToString());
        }
    }

    [Theory]
    [MemberData(nameof(CanonicalForms))]
    public void Negative_values_print_with_a_minus(long mantissa, int exponent, QuantityFormat format, string canonical, string alternate)
    {
        _ = alternate;
        if (mantissa == 0)
        {
            return; // never "-0"
        }

        Assert.Equal("-" + canonical, Quantity.FromScaled(-mantissa, exponent, format).ToString());
    }

    [Theory]
    [InlineData("1Ki", "1Ki")]
    [InlineData("1Mi", "1Mi")]
    [InlineData("1Gi", "1Gi")]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("1000M", "1G")]
    [InlineData(".001Ki", "1024m")]
    [InlineData(".000001Ki", "1024u")]
    [InlineData(".000000001Ki", "1024n")]
    [InlineData(".000000000001Ki", "2n")]
    public void Parse_then_emit(string input, string expected)
    {
        Assert.Equal(expected, Quantity.Parse(input).ToString());
        Assert.Equal("-" + expected, Quantity.Parse("-" + input).ToString());
    }

    [Theory]
    [InlineData("1000m", "1")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("0.5", "500m")]
    [InlineData("1.5", "1500m")]
    [InlineData("1Ki", "1Ki")]
    [InlineData("100m", "100m")]
    [InlineData("64Mi", "64Mi")]
    [InlineData("2048Ki", "2Mi")]
    [InlineData("0.1", "100m")]
    [InlineData("1E", "1E")]
    [InlineData("8Ei", "9223372036854775807")]
    [InlineData("1024", "1024")]
    [InlineData("1.5e3", "1500")]
    [InlineData("15e2", "1500")]
    [InlineData("12e4", "120e3")]
    [InlineData("0.5Ki", "512")]
    public void Canonicalizes_like_Kubernetes(string input, string expected)
    {
        Assert.Equal(expected, Quantity.Parse(input).ToString());
    }

    [Theory]
    [InlineData("1e3")]
    [InlineData("2e3")]
    [InlineData("1E3")]
    [InlineData("+1")]
    [InlineData("01")]
    [InlineData("1.500")]
    [InlineData("1.")]
    [InlineData("1.G")]
    [InlineData("-1")]
    [InlineData("123")]
    [InlineData("12E")]
    [InlineData("1e0")]
    [InlineData("1500e0")]
    public void Keeps_text_that_Kubernetes_considers_already_canonical(string input)
    {
        // Kubernetes reuses the parsed string when its fast path finds it canonical, so these print
        // back exactly as written rather than e.g. "2e3" becoming "2k".
        Assert.Equal(input, Quantity.Parse(input).ToString());
    }

    [Theory]
    [InlineData(1, QuantityFormat.DecimalSI, "1")]
    [InlineData(1000, QuantityFormat.DecimalSI, "1k")]
    [InlineData(1234000, QuantityFormat.DecimalSI, "1234k")]
    [InlineData(1024, QuantityFormat.BinarySI, "1Ki")]
    [InlineData(1024 * 1024, QuantityFormat.BinarySI, "1Mi")]
    [InlineData(1000000, QuantityFormat.DecimalExponent, "1e6")]
    public void FromInt64_prints_in_its_format(long value, QuantityFormat format, string expected)
    {
        var quantity = Quantity.FromInt64(value, format);

        Assert.Equal(expected, quantity.ToString());
        Assert.Equal(value, Quantity.Parse(quantity.ToString()).Value());
    }

    [Theory]
    [InlineData(1, QuantityFormat.DecimalSI, "1m")]
    [InlineData(1000, QuantityFormat.DecimalSI, "1")]
    [InlineData(1234000, QuantityFormat.DecimalSI, "1234")]
    [InlineData(1024, QuantityFormat.BinarySI, "1024m")]
    [InlineData(1024 * 1024, QuantityFormat.BinarySI, "1048576m")]
    [InlineData(1000000, QuantityFormat.DecimalExponent, "1e3")]
    public void FromMilli_prints_in_its_format(long milli, QuantityFormat format, string expected)
    {
        var quantity = Quantity.FromMilli(milli, format);

        Assert.Equal(expected, quantity.ToString());
        Assert.Equal(milli, quantity.MilliValue());
    }

    [Theory]
    [InlineData(1, -9, "1n")]
    [InlineData(1000, -9, "1u")]
    [InlineData(1, -6, "1u")]
    [InlineData(1000, -6, "1m")]
    [InlineData(1, -3, "1m")]
    [InlineData(1000, -3, "1")]
    [InlineData(1, 0, "1")]
    [InlineData(0, -9, "0")]
    public void FromScaled_prints_decimal_SI(long value, int scale, string expected)
    {
        Assert.Equal(expected, Quantity.FromScaled(value, scale).ToString());
    }

    [Fact]
    public void The_default_value_is_zero()
    {
        Assert.Equal("0", default(Quantity).ToString());
        Assert.Equal(QuantityFormat.DecimalSI, default(Quantity).Format);
        Assert.Equal(Quantity.Zero, Quantity.Parse("0Mi"));
    }
}
