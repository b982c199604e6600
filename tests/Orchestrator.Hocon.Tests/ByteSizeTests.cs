using Orchestrator.Hocon;
using Xunit;

namespace Orchestrator.Hocon.Tests;

public class ByteSizeTests
{
    private static long Size(string value) => Config.ParseString($"s = {value}").GetByteSize("s");

    [Theory]
    [InlineData("1024", 1024)]
    [InlineData("10B", 10)]
    [InlineData("10 bytes", 10)]
    [InlineData("1.5MiB", 1_572_864)]
    [InlineData("3M", 3_145_728)]
    [InlineData("3m", 3_145_728)]
    [InlineData("64Mi", 67_108_864)]
    [InlineData("512K", 524_288)]
    [InlineData("512k", 524_288)]
    [InlineData("2 kibibytes", 2_048)]
    [InlineData("10kB", 10_000)]
    [InlineData("10 kilobytes", 10_000)]
    [InlineData("3MB", 3_000_000)]
    [InlineData("1GiB", 1_073_741_824)]
    [InlineData("1G", 1_073_741_824)]
    [InlineData("2GB", 2_000_000_000)]
    [InlineData("1TiB", 1_099_511_627_776)]
    [InlineData("1.5 KiB", 1_536)]
    [InlineData("0.5B", 0)]
    public void Parses_binary_and_decimal_units(string value, long expected)
    {
        Assert.Equal(expected, Size(value));
    }

    [Theory]
    [InlineData("10 widgets", "unknown unit 'widgets'")]
    [InlineData("1KB", "unknown unit 'KB'")]
    [InlineData("1ZiB", "does not fit in a 64-bit integer")]
    [InlineData("lots", "not a size in bytes")]
    public void Rejects_what_is_not_a_size_naming_the_path(string value, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => Size(value));

        Assert.Equal("s", error.Path);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
