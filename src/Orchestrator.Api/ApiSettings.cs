using System.Net;
using Orchestrator.Api.Authentication;
using Orchestrator.Api.Entities;

namespace Orchestrator.Api;

/// <summary>The gateway's settings (hocon: <c>orchestrator.api</c>).</summary>
public sealed record ApiSettings
{
    /// <summary>Where Kestrel listens.</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 6443);

    /// <summary>Plain HTTP instead of HTTPS: only for tests that ask for it explicitly.</summary>
    public bool PlainHttp { get; init; }

    /// <summary>The read journal (Akka.Persistence.Query) of the journal plugin the entities persist through.</summary>
    public string ReadJournal { get; init; } = Persistence.Query.JournalReadJournal.SqliteIdentifier;

    /// <summary>How many shards the entities are spread over (fixed for the life of a cluster).</summary>
    public int Shards { get; init; } = 64;

    /// <summary>Kubernetes' limit on a request body: 3 MiB.</summary>
    public long MaxBodyBytes { get; init; } = 3 * 1024 * 1024;

    /// <summary>Changes each watch cache keeps for watches that resume from an older resourceVersion.</summary>
    public int WatchHistory { get; init; } = 20_000;

    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Lines a watcher may have pending before it is cut off as too slow.</summary>
    public int WatchBuffer { get; init; } = 200_000;

    /// <summary>Requests served at once before 429 (Kubernetes' max-requests-inflight); watches do not count.</summary>
    public int MaxRequestsInFlight { get; init; } = 800;

    /// <summary>How long a write waits for its entity before 504.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public EntitySettings Entities { get; init; } = new();

    /// <summary>Where Service cluster IPs come from.</summary>
    public string ServiceClusterIpRange { get; init; } = "100.96.0.0/16";

    /// <summary>Where Service node ports come from, "min-max".</summary>
    public string ServiceNodePortRange { get; init; } = "30000-32767";

    /// <summary>Service-account tokens: the TokenRequest API and the bearer tokens it issues.</summary>
    public ServiceAccountTokenSettings ServiceAccountTokens { get; init; } = new();
}
