using AkkaConfig = Akka.Configuration.Config;
using Orchestrator.Client.Events;

namespace Orchestrator.Client.Informers;

/// <summary>How informers list, watch and resync (orchestrator.controllers.informers; client-go's reflector defaults).</summary>
public sealed record InformerSettings
{
    /// <summary>Each watch asks the server to end it after a random time between this and twice this.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The first wait after a failed list or watch; doubled per failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The longest wait between attempts, and the wait after a list or watch refused outright.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Objects per page when listing.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Every cached object is delivered again as an update between this and twice this; zero turns it off.</summary>
    public TimeSpan MinResyncPeriod { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Reads the orchestrator.controllers.informers block.</summary>
    public static InformerSettings FromConfig(AkkaConfig informers)
    {
        ArgumentNullException.ThrowIfNull(informers);
        return new InformerSettings
        {
            MinWatchTimeout = informers.GetTimeSpan("min-watch-timeout"),
            InitialBackoff = informers.GetTimeSpan("backoff.initial"),
            MaxBackoff = informers.GetTimeSpan("backoff.max"),
            PageSize = informers.GetInt("page-size"),
            MinResyncPeriod = informers.GetTimeSpan("min-resync-period"),
        };
    }
}
