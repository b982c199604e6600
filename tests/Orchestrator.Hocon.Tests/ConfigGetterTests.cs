using Orchestrator.Hocon;
using Xunit;

namespace Orchestrator.Hocon.Tests;

public class ConfigGetterTests
{
    private static readonly Config Sample = Config.ParseString("""
        str = hello
        num = 42
        big = 9000000000
        neg = -7
        exp = 1e3
        frac = 2.5
        numstr = "17"
        flags { t = true, f = false, yes = yes, no = no, on = on, off = off, bad = maybe }
        list = [a, 1, true]
        mixed = [a, { b = 1 }]
        nothing = null
        indexed { "1" = b, "0" = a, "x" = ignored }
        obj { inner = 1 }
        """);

    [Fact]
    public void GetString_converts_numbers_and_booleans()
    {
        Assert.Equal("hello", Sample.GetString("str"));
        Assert.Equal("42", Sample.GetString("num"));
        Assert.Equal("true", Sample.GetString("flags.t"));
    }

    [Fact]
    public void Integer_getters_parse_numbers_and_numeric_strings()
    {
        Assert.Equal(42, Sample.GetInt("num"));
        Assert.Equal(-7, Sample.GetInt("neg"));
        Assert.Equal(1000, Sample.GetInt("exp"));
        Assert.Equal(17, Sample.GetInt("numstr"));
        Assert.Equal(9_000_000_000L, Sample.GetLong("big"));
    }

    [Fact]
    public void GetInt_rejects_fractions_and_out_of_range_values()
    {
        var fraction = Assert.Throws<ConfigException>(() => Sample.GetInt("frac"));
        Assert.Equal("frac", fraction.Path);
        Assert.Contains("should be an integer but is the number \"2.5\"", fraction.Message, StringComparison.Ordinal);
        Assert.Contains("out of range", Assert.Throws<ConfigException>(() => Sample.GetInt("big")).Message, StringComparison.Ordinal);
        Assert.Throws<ConfigException>(() => Sample.GetInt("str"));
    }

    [Fact]
    public void GetDouble_parses_numbers()
    {
        Assert.Equal(2.5, Sample.GetDouble("frac"));
        Assert.Equal(42.0, Sample.GetDouble("num"));
        Assert.Throws<ConfigException>(() => Sample.GetDouble("str"));
    }

    [Fact]
    public void GetBoolean_accepts_the_six_spellings()
    {
        Assert.True(Sample.GetBoolean("flags.t"));
        Assert.False(Sample.GetBoolean("flags.f"));
        Assert.True(Sample.GetBoolean("flags.yes"));
        Assert.False(Sample.GetBoolean("flags.no"));
        Assert.True(Sample.GetBoolean("flags.on"));
        Assert.False(Sample.GetBoolean("flags.off"));
        Assert.Contains("flags.bad", Assert.Throws<ConfigException>(() => Sample.GetBoolean("flags.bad")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetStringList_converts_scalars_and_numerically_indexed_objects()
    {
        Assert.Equal(["a", "1", "true"], Sample.GetStringList("list"));
        Assert.Equal(["a", "b"], Sample.GetStringList("indexed"));
        Assert.Contains("mixed[1]", Assert.Throws<ConfigException>(() => Sample.GetStringList("mixed")).Message, StringComparison.Ordinal);
        Assert.Throws<ConfigException>(() => Sample.GetStringList("str"));
    }

    [Fact]
    public void GetConfig_returns_a_sub_configuration()
    {
        var sub = Sample.GetConfig("obj");

        Assert.Equal(1, sub.GetInt("inner"));
        Assert.Throws<ConfigException>(() => Sample.GetConfig("str"));
    }

    [Fact]
    public void Missing_path_throws_naming_the_path()
    {
        var error = Assert.Throws<ConfigException>(() => Sample.GetString("obj.missing"));

        Assert.Equal("obj.missing", error.Path);
        Assert.Contains("'obj.missing'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ConfigException>(() => Sample.GetInt("str.deeper"));
        Assert.Throws<ConfigException>(() => Sample.GetConfig("nope"));
    }

    [Fact]
    public void Null_setting_throws_but_falls_back_to_the_default()
    {
        Assert.Contains("is null", Assert.Throws<ConfigException>(() => Sample.GetString("nothing")).Message, StringComparison.Ordinal);
        Assert.Equal("default", Sample.GetString("nothing", "default"));
    }

    [Fact]
    public void Defaults_apply_only_to_missing_settings()
    {
        Assert.Equal("x", Sample.GetString("missing", "x"));
        Assert.Equal(5, Sample.GetInt("missing", 5));
        Assert.Equal(5L, Sample.GetLong("missing", 5L));
        Assert.Equal(0.5, Sample.GetDouble("missing", 0.5));
        Assert.True(Sample.GetBoolean("missing", true));
        Assert.Equal(TimeSpan.FromSeconds(1), Sample.GetTimeSpan("missing", TimeSpan.FromSeconds(1)));
        Assert.Equal(10L, Sample.GetByteSize("missing", 10L));
        Assert.Equal(["d"], Sample.GetStringList("missing", ["d"]));
        Assert.Same(Config.Empty, Sample.GetConfig("missing", Config.Empty));

        Assert.Equal(42, Sample.GetInt("num", 5));
        Assert.Throws<ConfigException>(() => Sample.GetInt("str", 5));
    }

    [Fact]
    public void HasPath_is_false_for_missing_and_null_settings()
    {
        Assert.True(Sample.HasPath("obj"));
        Assert.True(Sample.HasPath("obj.inner"));
        Assert.False(Sample.HasPath("obj.missing"));
        Assert.False(Sample.HasPath("nothing"));
        Assert.False(Sample.HasPath("str.deeper"));
    }

    [Fact]
    public void Wrong_type_message_names_where_the_value_was_set()
    {
        var config = Config.ParseString("a {\n  port = eighty\n}", new HoconParseOptions { SourceName = "app.conf" });

        var error = Assert.Throws<ConfigException>(() => config.GetInt("a.port"));

        Assert.Contains("'a.port' should be an integer but is the string \"eighty\" (set at app.conf:2:10)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_api_path_is_rejected()
    {
        Assert.Throws<ParseException>(() => Sample.GetString("a..b"));
        Assert.Throws<ParseException>(() => Sample.GetString(""));
    }
}
