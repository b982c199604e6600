using System.Globalization;
using System.Net;
using Orchestrator.Api;
using Orchestrator.Api.Entities;
using Orchestrator.Hocon;
using Orchestrator.Persistence.Sqlite;

namespace Orchestrator.Cluster;

/// <summary>
/// Everything <c>orchestrator up</c> runs with: the data directory and the settings read from
/// reference.conf, overridden by the user's --config file and then by the command-line flags.
/// </summary>
public sealed record ClusterOptions(string DataDir, ApiSettings Api, SqliteJournalSettings Journal, int ActorThroughput, TimeSpan CompactionInterval, long CompactionRetain)
{
    public static ClusterOptions Load(string dataDir, string? configFile, string? listen, bool plainHttp)
    {
        var config = ReferenceConfig.Load();
        if (configFile is not null)
        {
            config = Config.ParseFile(configFile).WithFallback(config);
        }

        var api = config.GetConfig("orchestrator.api");
        var sqlite = config.GetConfig("orchestrator.persistence.sqlite");
        var journalPath = sqlite.GetString("path");
        var settings = new ApiSettings
        {
            Listen = ParseEndPoint(listen ?? api.GetString("listen")),
            PlainHttp = plainHttp,
            Shards = api.GetInt("shards"),
            MaxBodyBytes = api.GetByteSize("max-body-size"),
            BookmarkInterval = api.GetTimeSpan("watch-bookmark-interval"),
            WatchHistory = api.GetInt("watch-history"),
            MaxRequestsInFlight = api.GetInt("max-requests-inflight"),
            Entities = new EntitySettings { PassivateAfter = api.GetTimeSpan("passivate-after") },
            ServiceClusterIpRange = api.GetString("service-cluster-ip-range"),
            ServiceNodePortRange = api.GetString("service-node-port-range"),
        };
        var journal = new SqliteJournalSettings(Path.IsPathRooted(journalPath) ? journalPath : Path.Combine(dataDir, journalPath))
        {
            Synchronous = Enum.Parse<SqliteSynchronousMode>(sqlite.GetString("synchronous"), ignoreCase: true),
            MaxEventSize = (int)sqlite.GetByteSize("max-event-size"),
            MaxBatchSize = sqlite.GetInt("max-batch-size"),
        };
        return new ClusterOptions(
            dataDir,
            settings,
            journal,
            config.GetInt("orchestrator.actor.throughput"),
            api.GetTimeSpan("compaction-interval"),
            api.GetLong("compaction-retain-revisions"));
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
}
