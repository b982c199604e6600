using Microsoft.Extensions.Configuration;
using Orchestrator.Hocon;
using Orchestrator.Hocon.Configuration;
using Xunit;

namespace Orchestrator.Hocon.Tests;

public sealed class ConfigurationProviderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Maps_paths_to_colon_keys_and_arrays_to_indexes()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconString("""
                a.b.c = 1
                list = [x, y, { name = z }]
                flag = true
                nothing = null
                empty {}
                none = []
                """)
            .Build();

        Assert.Equal("1", configuration["a:b:c"]);
        Assert.Equal("x", configuration["list:0"]);
        Assert.Equal("y", configuration["list:1"]);
        Assert.Equal("z", configuration["list:2:name"]);
        Assert.Equal("true", configuration["flag"]);
        Assert.Null(configuration["nothing"]);
        Assert.Equal(["list:0", "list:1", "list:2"], configuration.GetSection("list").GetChildren().Select(c => c.Path));
        Assert.Contains(configuration.AsEnumerable(), kv => kv.Key == "empty" && kv.Value is null);
        Assert.Contains(configuration.AsEnumerable(), kv => kv.Key == "none" && kv.Value is null);
    }

    [Fact]
    public void Keys_are_case_insensitive_like_every_provider()
    {
        var configuration = new ConfigurationBuilder().AddHoconString("Api { Listen = \"127.0.0.1:6443\" }").Build();

        Assert.Equal("127.0.0.1:6443", configuration["api:listen"]);
    }

    [Fact]
    public void Loads_a_file_with_includes()
    {
        _dir.Write("base.conf", "api { shards = 64, listen = \"127.0.0.1:6443\" }");
        var file = _dir.Write("app.conf", "include \"base.conf\"\napi.shards = 8");

        var configuration = new ConfigurationBuilder().AddHoconFile(file).Build();

        Assert.Equal("8", configuration["api:shards"]);
        Assert.Equal("127.0.0.1:6443", configuration["api:listen"]);
    }

    [Fact]
    public void File_substitutions_may_use_a_fallback_whose_settings_are_included()
    {
        var file = _dir.Write("app.conf", "orchestrator.api.listen = \"0.0.0.0:\"${orchestrator.api.shards}");

        var configuration = new ConfigurationBuilder()
            .AddHoconFile(file, optional: false, new HoconParseOptions { Fallback = ReferenceConfig.Load() })
            .Build();

        Assert.Equal("0.0.0.0:64", configuration["orchestrator:api:listen"]);
        Assert.Equal("64", configuration["orchestrator:api:shards"]);
        Assert.Equal("10s", configuration["orchestrator:kubelet:node-lease:renew-interval"]);
    }

    [Fact]
    public void Missing_optional_file_adds_nothing_and_missing_required_file_throws()
    {
        var missing = Path.Combine(_dir.Path, "missing.conf");

        var configuration = new ConfigurationBuilder().AddHoconFile(missing, optional: true).Build();

        Assert.Empty(configuration.AsEnumerable());
        Assert.Throws<FileNotFoundException>(() => new ConfigurationBuilder().AddHoconFile(missing).Build());
    }

    [Fact]
    public void Later_sources_override_earlier_ones()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconConfig(Config.ParseString("a = 1\nb = 1"))
            .AddHoconString("b = 2")
            .Build();

        Assert.Equal("1", configuration["a"]);
        Assert.Equal("2", configuration["b"]);
    }

    [Fact]
    public void Malformed_text_surfaces_the_parse_error()
    {
        var error = Assert.Throws<ParseException>(() => new ConfigurationBuilder().AddHoconString("a = [").Build());

        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Binds_to_options_objects()
    {
        var configuration = new ConfigurationBuilder().AddHoconString("api { shards = 16, listen = \"0.0.0.0:1\" }").Build();

        var section = configuration.GetSection("api");

        Assert.Equal("16", section["shards"]);
        Assert.Equal("0.0.0.0:1", section["listen"]);
    }
}
