using System.Globalization;
using System.Net;
using Orchestrator.Api;
using Orchestrator.Api.Authentication;
using Orchestrator.Api.Entities;
using Orchestrator.Hocon;

namespace Orchestrator.Cluster;

/// <summary>
/// Everything <c>orchestrator up</c> runs with: the data directory, our settings and Akka's, read
/// from reference.conf, overridden by the user's --config file and then by the command-line flags.
/// </summary>
public sealed record ClusterOptions(string DataDir, ApiSettings Api, Akka.Configuration.Config Akka, TimeSpan CompactionInterval, long CompactionRetain)
{
    /// <summary>The whole resolved configuration, for the components that read their own section (the kubelet).</summary>
    public Config Settings { get; init; } = Config.Empty;

    public static ClusterOptions Load(string dataDir, string? configFile, string? listen, bool plainHttp)
    {
        var config = ReferenceConfig.Load();
        if (configFile is not null)
        {
            config = Config.ParseFile(configFile).WithFallback(config);
        }

        var api = config.GetConfig("orchestrator.api");
        var settings = new ApiSettings
        {
            Listen = ParseEndPoint(listen ?? api.GetString("listen")),
            PlainHttp = plainHttp,
            Shards = api.GetInt("shards"),
            MaxBodyBytes = api.GetByteSize("max-body-size"),
            BookmarkInterval = api.GetTimeSpan("watch-bookmark-interval"),
            WatchHistory = api.GetInt("watch-history"),
            MaxRequestsInFlight = api.GetInt("max-requests-inflight"),
            ServiceClusterIpRange = ServiceClusterIpRange.Choose(config, dataDir),
            ServiceNodePortRange = api.GetString("service-node-port-range"),
            Entities = new EntitySettings { PassivateWhenIdle = api.GetBoolean("passivate-entities-when-idle") },
            ServiceAccountTokens = ReadServiceAccountTokens(api.GetConfig("service-account")),
        };

        // The files of the journal and snapshot plugins live in the data directory unless configured elsewhere,
        // and Akka's log goes to this process's log.
        var local = Config.ParseString($$"""
            akka.loggers = ["Orchestrator.Logging.AkkaLoggerBridge, orchestrator"]
            akka.persistence.journal.sqlite.path = {{Quote(InDataDir(dataDir, config.GetString("akka.persistence.journal.sqlite.path")))}}
            akka.persistence.snapshot-store.sqlite.path = {{Quote(InDataDir(dataDir, config.GetString("akka.persistence.snapshot-store.sqlite.path")))}}
            """);
        return new ClusterOptions(
            dataDir,
            settings,
            local.WithFallback(config).ToAkka(),
            api.GetTimeSpan("compaction-interval"),
            api.GetLong("compaction-retain-revisions"))
        {
            Settings = config,
        };
    }

    /// <summary>orchestrator.api.service-account.</summary>
    public static ServiceAccountTokenSettings ReadServiceAccountTokens(Config serviceAccount)
    {
        ArgumentNullException.ThrowIfNull(serviceAccount);
        var maxExpiration = serviceAccount.GetTimeSpan("max-token-expiration");
        if (maxExpiration < TimeSpan.Zero || (maxExpiration > TimeSpan.Zero && maxExpiration < TimeSpan.FromMinutes(10)))
        {
            // A token may not be asked for less than ten minutes, so a shorter cap could not be honoured.
            throw new ConfigException($"orchestrator.api.service-account.max-token-expiration must be 0 or at least 10m, not {maxExpiration}");
        }

        return new ServiceAccountTokenSettings
        {
            Issuer = serviceAccount.GetString("issuer"),
            ApiAudiences = serviceAccount.GetStringList("api-audiences"),
            MaxExpiration = maxExpiration,
            KeyFile = serviceAccount.GetString("key-file"),
            PublicKeyFile = serviceAccount.GetString("public-key-file"),
        };
    }

    /// <summary>HOST:PORT, with "localhost" meaning the IPv4 loopback.</summary>
    public static IPEndPoint ParseEndPoint(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"listen address \"{text}\" is not HOST:PORT");
        }

        var host = text[..colon].Trim('[', ']');
        var address = host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
        return new IPEndPoint(address, port);
    }

    private static string InDataDir(string dataDir, string path) => Path.IsPathRooted(path) ? path : Path.Combine(dataDir, path);

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
