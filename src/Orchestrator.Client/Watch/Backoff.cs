namespace Orchestrator.Client.Watch;

/// <summary>
/// Exponential delay between retries (doubling up to a ceiling, with up to 20% jitter so many clients that
/// lost the same server do not come back in lockstep); <see cref="Reset"/> once things work again.
/// </summary>
internal sealed class Backoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    public Backoff(TimeSpan initial, TimeSpan max)
    {
        _initial = initial;
        _max = max < initial ? initial : max;
        _next = initial;
    }

    public void Reset() => _next = _initial;

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        var delay = _next * (1 + (Random.Shared.NextDouble() * 0.2));
        _next = _next * 2 > _max ? _max : _next * 2;
        return Task.Delay(delay, cancellationToken);
    }
}
