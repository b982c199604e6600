using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Orchestrator.Model.Resources;

/// <summary>
/// An exact fixed-point amount of a resource (CPU, memory, storage, ...) with Kubernetes'
/// resource.Quantity syntax and semantics: <c>&lt;signed number&gt;&lt;suffix&gt;</c> with binary SI
/// (Ki Mi Gi Ti Pi Ei), decimal SI (n u m k M G T P E) or decimal exponent (e3, E-6) suffixes.
/// Values compare by exact value ("1Gi" equals "1073741824"), print in canonical form in the
/// suffix family they were written in ("1.5Gi" prints "1536Mi", "0.5" prints "500m"), are kept
/// to nano precision (finer non-zero values round away from zero) and binary SI values are capped
/// at 2^63-1, all as Kubernetes does.
/// </summary>
[JsonConverter(typeof(QuantityJsonConverter))]
public readonly struct Quantity : IEquatable<Quantity>, IComparable<Quantity>, IComparable
{
    private const string FormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    private const string NumericError = "unable to parse numeric part of quantity";
    private const string SuffixError = "unable to parse quantity's suffix";
    private const string RangeError = "quantity is out of the supported range";
    private const string SuffixCharacters = "eEinumkKMGTP";
    private const int NanoExponent = -9;
    private const int MaxAlignmentDigits = 100_000;

    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    private static readonly BigInteger Ten = 10;
    private static readonly BigInteger BinaryDivisor = 1024;

    // Values of fewer bits than this are formatted by BigInteger.ToString directly; longer ones split in halves.
    private const int ShortBits = 32_768;
    private const double Log10Of2 = 0.30102999566398120;

    // The value is _mantissa × 10^_exponent with no trailing zeros in _mantissa (zero is 0 × 10^0),
    // so equal values have equal fields.
    private readonly BigInteger _mantissa;
    private readonly int _exponent;

    // The text it was parsed from, when Kubernetes would print that text back unchanged.
    private readonly string? _text;

    private Quantity(BigInteger mantissa, int exponent, QuantityFormat format, string? text)
    {
        _mantissa = mantissa;
        _exponent = exponent;
        Format = format;
        _text = text;
    }

    /// <summary>Zero, decimal SI.</summary>
    public static Quantity Zero => default;

    /// <summary>The suffix family used when printing.</summary>
    public QuantityFormat Format { get; }

    public bool IsZero => _mantissa.IsZero;

    public bool IsNegative => _mantissa.Sign < 0;

    /// <summary>-1, 0 or 1.</summary>
    public int Sign => _mantissa.Sign;

    /// <summary>Whether the value is a whole number, however large (exact, unlike <see cref="MilliValue"/>, which overflows).</summary>
    public bool IsWholeNumber => _exponent >= 0;

    /// <summary>Parses Kubernetes quantity syntax; throws <see cref="FormatException"/> with Kubernetes' reason.</summary>
    public static Quantity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseCore(text, out var quantity, out var error)
            ? quantity
            : throw new FormatException($"cannot parse '{text}': {error}");
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out Quantity quantity) =>
        TryParse(text, out quantity, out _);

    /// <summary>Parses Kubernetes quantity syntax; on failure <paramref name="error"/> is Kubernetes' reason (e.g. "unable to parse quantity's suffix").</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Quantity quantity, out string error) =>
        TryParseCore(text, out quantity, out error);

    /// <summary>
    /// A quantity from a JSON node as found in an object: a string or a number, surrounding whitespace
    /// ignored; null or missing is zero. Throws <see cref="FormatException"/> otherwise.
    /// </summary>
    public static Quantity FromJsonNode(JsonNode? node)
    {
        if (node is null)
        {
            return Zero;
        }

        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.Null:
                    return Zero;
                case JsonValueKind.String:
                    return Parse(value.GetValue<string>().Trim());
                case JsonValueKind.Number:
                    return Parse(value.ToJsonString());
            }
        }

        throw new FormatException($"cannot parse {node.ToJsonString()}: a quantity must be a string or a number");
    }

    /// <summary>A whole number in the given format (Kubernetes' NewQuantity).</summary>
    public static Quantity FromInt64(long value, QuantityFormat format = QuantityFormat.DecimalSI) =>
        Create(value, 0, format);

    /// <summary>Thousandths, e.g. millicores (Kubernetes' NewMilliQuantity).</summary>
    public static Quantity FromMilli(long milliValue, QuantityFormat format = QuantityFormat.DecimalSI) =>
        Create(milliValue, -3, format);

    /// <summary><paramref name="value"/> × 10^<paramref name="scale"/> (Kubernetes' NewScaledQuantity; decimal SI by default).</summary>
    public static Quantity FromScaled(long value, int scale, QuantityFormat format = QuantityFormat.DecimalSI) =>
        Create(value, scale, format);

    /// <summary>The value rounded up (away from zero) to a whole number. Throws <see cref="OverflowException"/> beyond Int64.</summary>
    public long Value() => ScaledValue(0);

    /// <summary>The value in thousandths, rounded up (away from zero). Throws <see cref="OverflowException"/> beyond Int64.</summary>
    public long MilliValue() => ScaledValue(-3);

    /// <summary>The value divided by 10^<paramref name="scale"/>, rounded up (away from zero).</summary>
    public long ScaledValue(int scale)
    {
        if (_mantissa.IsZero)
        {
            return 0;
        }

        var shift = (long)_exponent - scale;
        BigInteger result;
        if (shift >= 0)
        {
            if (shift > 19)
            {
                throw new OverflowException("the quantity does not fit in a 64-bit integer");
            }

            result = _mantissa * Pow10((int)shift);
        }
        else
        {
            result = DivideRoundingUp(BigInteger.Abs(_mantissa), -shift) * _mantissa.Sign;
        }

        return result >= long.MinValue && result <= long.MaxValue
            ? (long)result
            : throw new OverflowException("the quantity does not fit in a 64-bit integer");
    }

    /// <summary>An approximate floating-point value (infinite when out of range).</summary>
    public double ToDouble() => _mantissa.IsZero ? 0 : (double)_mantissa * Math.Pow(10, _exponent);

    /// <summary>The exact sum; takes the other's format when this is zero, as Kubernetes does.</summary>
    public Quantity Add(Quantity other)
    {
        var format = IsZero ? other.Format : Format;
        if (other.IsZero)
        {
            return new Quantity(_mantissa, _exponent, format, null);
        }

        if (IsZero)
        {
            return new Quantity(other._mantissa, other._exponent, format, null);
        }

        var (left, right, exponent) = Align(this, other);
        return Create(left + right, exponent, format);
    }

    /// <summary>The exact difference; takes the other's format when this is zero, as Kubernetes does.</summary>
    public Quantity Subtract(Quantity other) => Add(other.Negate());

    public Quantity Negate() => new(-_mantissa, _exponent, Format, null);

    public int CompareTo(Quantity other) => Compare(_mantissa, _exponent, other._mantissa, other._exponent);

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Quantity other => CompareTo(other),
        _ => throw new ArgumentException("Object must be a Quantity.", nameof(obj)),
    };

    /// <summary>Equality by exact value; the format does not matter.</summary>
    public bool Equals(Quantity other) => _exponent == other._exponent && _mantissa.Equals(other._mantissa);

    public override bool Equals(object? obj) => obj is Quantity other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_mantissa, _exponent);

    /// <summary>The canonical form Kubernetes serializes: the largest suffix of the format that keeps the value an integer.</summary>
    public override string ToString() => _text ?? Canonicalize();

    public static Quantity operator +(Quantity left, Quantity right) => left.Add(right);

    public static Quantity operator -(Quantity left, Quantity right) => left.Subtract(right);

    public static Quantity operator -(Quantity value) => value.Negate();

    public static bool operator ==(Quantity left, Quantity right) => left.Equals(right);

    public static bool operator !=(Quantity left, Quantity right) => !left.Equals(right);

    public static bool operator <(Quantity left, Quantity right) => left.CompareTo(right) < 0;

    public static bool operator >(Quantity left, Quantity right) => left.CompareTo(right) > 0;

    public static bool operator <=(Quantity left, Quantity right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Quantity left, Quantity right) => left.CompareTo(right) >= 0;

    private static bool TryParseCore(string? text, out Quantity quantity, out string error)
    {
        quantity = default;
        error = FormatError;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text == "0")
        {
            quantity = new Quantity(BigInteger.Zero, 0, QuantityFormat.DecimalSI, text);
            return true;
        }

        // Scan: sign, digits (leading zeros dropped), optional fraction, then the suffix.
        var positive = true;
        var position = 0;
        if (text[0] == '-')
        {
            positive = false;
            position++;
        }
        else if (text[0] == '+')
        {
            position++;
        }

        var hasDigits = false;
        while (position < text.Length && text[position] == '0')
        {
            position++;
            hasDigits = true;
        }

        var whole = "0";
        var fraction = string.Empty;
        var suffix = string.Empty;
        if (position < text.Length)
        {
            var start = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            if (position > start)
            {
                whole = text[start..position];
                hasDigits = true;
            }

            if (position < text.Length && text[position] == '.')
            {
                position++;
                start = position;
                while (position < text.Length && char.IsAsciiDigit(text[position]))
                {
                    position++;
                }

                fraction = text[start..position];
                hasDigits |= fraction.Length > 0;
            }

            var suffixStart = position;
            while (position < text.Length && SuffixCharacters.Contains(text[position], StringComparison.Ordinal))
            {
                position++;
            }

            if (position < text.Length && text[position] is '-' or '+')
            {
                position++;
            }

            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            if (position != text.Length)
            {
                return false;
            }

            suffix = text[suffixStart..];
        }

        if (!TryInterpretSuffix(suffix, out var binary, out var exponent, out var format))
        {
            error = SuffixError;
            return false;
        }

        // Kubernetes' fast path: small enough to hold in an Int64 at nano precision. Only here does
        // it keep the original text, and only when that text is already canonical by its checks.
        long precision;
        long scale = 0;
        long multiplier = 1;
        if (binary)
        {
            if (fraction.Length == 0)
            {
                multiplier = 1L << exponent;
                precision = 15 - whole.Length - (int)(exponent * 3f / 10f) - 1;
            }
            else
            {
                precision = -1;
            }
        }
        else
        {
            scale = exponent;
            precision = 18 - (whole.Length + fraction.Length);
        }

        if (precision >= 0)
        {
            scale -= fraction.Length;
            if (scale >= NanoExponent)
            {
                var digits = whole + fraction;
                var value = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
                if (value <= long.MaxValue / multiplier)
                {
                    var result = value * multiplier;
                    var keepsText = binary
                        ? exponent % 10 == 0 && (value & 0x07) != 0
                        : scale % 3 == 0 && !digits.EndsWith("000", StringComparison.Ordinal) && digits[0] != '0';
                    return TryCreate(positive ? result : -result, scale, format, keepsText ? text : null, out quantity, out error);
                }
            }
        }

        if (!hasDigits)
        {
            error = NumericError;
            return false;
        }

        // Trailing zeros go to the exponent before the digits become a number: stripping them from a
        // BigInteger takes a division each.
        var allDigits = whole + fraction;
        var significant = allDigits.AsSpan().TrimEnd('0');
        var unscaled = significant.IsEmpty ? BigInteger.Zero : BigInteger.Parse(significant, NumberStyles.None, CultureInfo.InvariantCulture);
        long exponent10 = -fraction.Length + (allDigits.Length - significant.Length);
        if (binary)
        {
            unscaled <<= exponent;
        }
        else
        {
            exponent10 += exponent;
        }

        // Any non-zero amount below a nano rounds up to one: asking for some resource gets some.
        if (!unscaled.IsZero && exponent10 < NanoExponent)
        {
            unscaled = DivideRoundingUp(unscaled, NanoExponent - exponent10);
            exponent10 = NanoExponent;
        }

        if (format == QuantityFormat.BinarySI)
        {
            if (Compare(unscaled, exponent10, long.MaxValue, 0) > 0)
            {
                unscaled = long.MaxValue;
                exponent10 = 0;
            }
            else if (!unscaled.IsZero && Compare(unscaled, exponent10, BigInteger.One, 0) < 0)
            {
                format = QuantityFormat.DecimalSI;
            }
        }

        return TryCreate(positive ? unscaled : -unscaled, exponent10, format, null, out quantity, out error);
    }

    private static bool TryInterpretSuffix(string suffix, out bool binary, out int exponent, out QuantityFormat format)
    {
        binary = false;
        format = QuantityFormat.DecimalSI;
        exponent = suffix switch
        {
            "" => 0,
            "n" => -9,
            "u" => -6,
            "m" => -3,
            "k" => 3,
            "M" => 6,
            "G" => 9,
            "T" => 12,
            "P" => 15,
            "E" => 18,
            _ => int.MinValue,
        };
        if (exponent != int.MinValue)
        {
            return true;
        }

        var power = Array.IndexOf(BinarySuffixes, suffix);
        if (power > 0)
        {
            binary = true;
            format = QuantityFormat.BinarySI;
            exponent = power * 10;
            return true;
        }

        if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
            && int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
        {
            format = QuantityFormat.DecimalExponent;
            return true;
        }

        exponent = 0;
        return false;
    }

    private string Canonicalize()
    {
        if (_mantissa.IsZero)
        {
            return "0";
        }

        var format = Format;
        if (format == QuantityFormat.BinarySI
            && (Compare(BigInteger.Abs(_mantissa), _exponent, BinaryDivisor, 0) < 0 || _exponent < 0))
        {
            // Small or fractional amounts would need rounding in binary suffixes: show them in decimal.
            format = QuantityFormat.DecimalSI;
        }

        if (format == QuantityFormat.BinarySI)
        {
            var number = _mantissa * Pow10(_exponent);
            var power = 0;
            while (power < BinarySuffixes.Length - 1)
            {
                var quotient = BigInteger.DivRem(number, BinaryDivisor, out var remainder);
                if (!remainder.IsZero)
                {
                    break;
                }

                number = quotient;
                power++;
            }

            return Digits(number) + BinarySuffixes[power];
        }

        // The exponent goes down to a multiple of three so that an SI suffix (or e3k form) applies.
        var adjust = (int)((((long)_exponent % 3) + 3) % 3);
        var mantissa = _mantissa * Pow10(adjust);
        var exponent = _exponent - adjust;
        var text = Digits(mantissa);
        if (format == QuantityFormat.DecimalSI)
        {
            var suffix = exponent switch
            {
                -9 => "n",
                -6 => "u",
                -3 => "m",
                0 => string.Empty,
                3 => "k",
                6 => "M",
                9 => "G",
                12 => "T",
                15 => "P",
                18 => "E",
                _ => null,
            };
            if (suffix is not null)
            {
                return text + suffix;
            }
        }

        // Decimal exponent, also the fallback when no SI suffix is that large (e.g. 1e21, not "1000E").
        return exponent == 0 ? text : text + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    private static Quantity Create(BigInteger mantissa, long exponent, QuantityFormat format) =>
        TryCreate(mantissa, exponent, format, null, out var quantity, out var error) ? quantity : throw new OverflowException(error);

    private static bool TryCreate(BigInteger mantissa, long exponent, QuantityFormat format, string? text, out Quantity quantity, out string error)
    {
        error = RangeError;
        quantity = default;
        if (mantissa.IsZero)
        {
            quantity = new Quantity(BigInteger.Zero, 0, format, text);
            return true;
        }

        // Trailing zeros move to the exponent: one division each for a value that fits in 64 bits; for a
        // longer one (a sum such as 999…9 + 1 may end in a million zeros) powers of ten doubling while they
        // divide it, then halving, so that the divisions are logarithmic in the number of zeros.
        if (mantissa >= long.MinValue && mantissa <= long.MaxValue)
        {
            var small = (long)mantissa;
            while (small % 10 == 0)
            {
                small /= 10;
                exponent++;
            }

            mantissa = small;
        }
        else if (mantissa.IsEven)
        {
            var step = 1;
            while (TryStrip(ref mantissa, step))
            {
                exponent += step;
                step *= 2;
            }

            while (step > 1)
            {
                step /= 2;
                if (TryStrip(ref mantissa, step))
                {
                    exponent += step;
                }
            }
        }

        if (exponent is < int.MinValue or > int.MaxValue)
        {
            return false;
        }

        quantity = new Quantity(mantissa, (int)exponent, format, text);
        return true;
    }

    // Compares a×10^ae with b×10^be without materialising huge powers of ten.
    private static int Compare(BigInteger a, long aExponent, BigInteger b, long bExponent)
    {
        if (a.Sign != b.Sign)
        {
            return a.Sign.CompareTo(b.Sign);
        }

        if (a.IsZero)
        {
            return 0;
        }

        var aAbs = BigInteger.Abs(a);
        var bAbs = BigInteger.Abs(b);
        var aMagnitude = DigitCount(aAbs) + aExponent;
        var bMagnitude = DigitCount(bAbs) + bExponent;
        int result;
        if (aMagnitude != bMagnitude)
        {
            result = aMagnitude.CompareTo(bMagnitude);
        }
        else
        {
            // Same number of integer digits: the exponent gap is at most the digit-count gap.
            if (aExponent > bExponent)
            {
                aAbs *= Pow10((int)(aExponent - bExponent));
            }
            else
            {
                bAbs *= Pow10((int)(bExponent - aExponent));
            }

            result = aAbs.CompareTo(bAbs);
        }

        return a.Sign > 0 ? result : -result;
    }

    private static (BigInteger Left, BigInteger Right, long Exponent) Align(Quantity left, Quantity right)
    {
        var exponent = Math.Min(left._exponent, right._exponent);
        var leftShift = (long)left._exponent - exponent;
        var rightShift = (long)right._exponent - exponent;
        if (leftShift > MaxAlignmentDigits || rightShift > MaxAlignmentDigits)
        {
            throw new OverflowException("the quantities are too far apart in magnitude to combine exactly");
        }

        return (left._mantissa * Pow10((int)leftShift), right._mantissa * Pow10((int)rightShift), exponent);
    }

    // value / 10^digits for a non-negative value, rounded up.
    private static BigInteger DivideRoundingUp(BigInteger value, long digits)
    {
        if (value.IsZero)
        {
            return value;
        }

        if (digits > DigitCount(value))
        {
            return BigInteger.One;
        }

        var quotient = BigInteger.DivRem(value, Pow10((int)digits), out var remainder);
        return remainder.IsZero ? quotient : quotient + BigInteger.One;
    }

    // Divides by 10^zeros when that leaves no remainder.
    private static bool TryStrip(ref BigInteger mantissa, int zeros)
    {
        var quotient = BigInteger.DivRem(mantissa, Pow10(zeros), out var remainder);
        if (!remainder.IsZero)
        {
            return false;
        }

        mantissa = quotient;
        return true;
    }

    private static int DigitCount(BigInteger value)
    {
        if (value <= long.MaxValue)
        {
            var small = (long)value;
            var count = 1;
            while (small >= 10)
            {
                small /= 10;
                count++;
            }

            return count;
        }

        // From the logarithm (formatting the value would take time quadratic in its length), settled
        // exactly where the double cannot tell, next to a power of ten.
        var log = BigInteger.Log10(value);
        var digits = (int)Math.Floor(log) + 1;
        var fraction = log - Math.Floor(log);
        if (fraction < 1e-6 || fraction > 1 - 1e-6)
        {
            while (value >= Pow10(digits))
            {
                digits++;
            }

            while (digits > 1 && value < Pow10(digits - 1))
            {
                digits--;
            }
        }

        return digits;
    }

    // The decimal digits of a value. BigInteger.ToString takes time quadratic in the length (half a
    // minute for a million digits, minutes for the three million a request body can hold), so long
    // values are split at a power of ten into halves formatted alike, as Go's big.Int does.
    private static string Digits(BigInteger value)
    {
        if (value.GetBitLength() < ShortBits)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        var text = new StringBuilder();
        if (value.Sign < 0)
        {
            text.Append('-');
            value = BigInteger.Negate(value);
        }

        AppendDigits(value, text, 0, []);
        return text.ToString();
    }

    // Appends a non-negative value's digits, zero-padded to at least minDigits. Splits fall on powers of
    // two digits, so the halves of one level share their divisor.
    private static void AppendDigits(BigInteger value, StringBuilder text, long minDigits, Dictionary<int, BigInteger> powers)
    {
        if (value.GetBitLength() < ShortBits)
        {
            var digits = value.ToString(CultureInfo.InvariantCulture);
            if (digits.Length < minDigits)
            {
                text.Append('0', (int)(minDigits - digits.Length));
            }

            text.Append(digits);
            return;
        }

        var half = (int)BitOperations.RoundUpToPowerOf2((uint)(value.GetBitLength() * Log10Of2 / 2));
        if (!powers.TryGetValue(half, out var divisor))
        {
            divisor = Pow10(half);
            powers[half] = divisor;
        }

        var high = BigInteger.DivRem(value, divisor, out var low);
        AppendDigits(high, text, minDigits - half, powers);
        AppendDigits(low, text, half, powers);
    }

    private static BigInteger Pow10(int exponent) => BigInteger.Pow(Ten, exponent);
}
