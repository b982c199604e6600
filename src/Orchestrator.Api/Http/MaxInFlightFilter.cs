using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Errors;

namespace Orchestrator.Api.Http;

/// <summary>
/// Kubernetes' max-requests-inflight filter: beyond a number of concurrent requests the server answers
/// 429 at once instead of queueing. Watches and a pod's log, exec, attach and portforward are long-running and exempt. One interlocked counter, so
/// the check costs nothing next to the request (ASP.NET Core's partitioned limiter took a lock per request).
/// </summary>
public sealed class MaxInFlightFilter(int limit)
{
    private int _inFlight;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (IsWatch(context.Request) || IsStream(context.Request))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (Interlocked.Increment(ref _inFlight) > limit)
        {
            Interlocked.Decrement(ref _inFlight);
            throw StatusException.TooManyRequests();
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static bool IsStream(HttpRequest request) =>
        request.Path.Value is { } path && (path.EndsWith("/log", StringComparison.Ordinal) || path.EndsWith("/exec", StringComparison.Ordinal)
            || path.EndsWith("/attach", StringComparison.Ordinal) || path.EndsWith("/portforward", StringComparison.Ordinal));

    private static bool IsWatch(HttpRequest request) =>
        request.Query.TryGetValue("watch", out var watch) && watch.ToString() is "true" or "1";
}
