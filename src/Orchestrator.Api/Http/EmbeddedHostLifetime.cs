using Microsoft.Extensions.Hosting;

namespace Orchestrator.Api.Http;

/// <summary>
/// The API server's host lifetime: none of its own. The generic host's default (ConsoleLifetime) stops
/// the web server on Ctrl-C or SIGTERM by itself, before the process has stopped the components that
/// talk to the API; the process that embeds the server decides when it stops.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
