using Akka.Event;

namespace Orchestrator.Proxy.Forwarding;

/// <summary>What every forwarder of a proxy shares: its timings, buffer size and log.</summary>
public sealed record ForwarderOptions(TimeSpan BindRetryInterval, TimeSpan ConnectTimeout, TimeSpan UdpIdleTimeout, int BufferSize, ILoggingAdapter Log)
{
    public static ForwarderOptions From(ProxySettings settings, ILoggingAdapter log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ForwarderOptions(settings.BindRetryInterval, settings.ConnectTimeout, settings.UdpIdleTimeout, settings.BufferSize, log);
    }
}
