using Microsoft.Extensions.Time.Testing;
using Orchestrator.Controllers.Machinery;
using Xunit;

namespace Orchestrator.Controllers.Tests.Machinery;

/// <summary>Expectations hold a key's sync back until the informer has shown what was asked for, or they time out.</summary>
public sealed class ControllerExpectationsTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Expected_creations_and_deletions_are_satisfied_once_all_are_observed()
    {
        var expectations = new ControllerExpectations(TimeSpan.FromMinutes(5), _clock);
        Assert.True(expectations.SatisfiedExpectations("default/rs"));

        expectations.SetExpectations("default/rs", adds: 2, deletes: 1);
        Assert.False(expectations.SatisfiedExpectations("default/rs"));
        expectations.CreationObserved("default/rs");
        expectations.DeletionObserved("default/rs");
        Assert.False(expectations.SatisfiedExpectations("default/rs"));
        Assert.Equal((1, 0), expectations.GetExpectations("default/rs"));

        expectations.CreationObserved("default/rs");
        Assert.True(expectations.SatisfiedExpectations("default/rs"));

        // Other keys are untouched; a deleted key has none.
        expectations.ExpectDeletions("default/other", 1);
        Assert.False(expectations.SatisfiedExpectations("default/other"));
        expectations.DeleteExpectations("default/other");
        Assert.True(expectations.SatisfiedExpectations("default/other"));
        Assert.Null(expectations.GetExpectations("default/other"));
    }

    [Fact]
    public void Expectations_no_longer_hold_a_sync_back_after_the_timeout()
    {
        var expectations = new ControllerExpectations(TimeSpan.FromMinutes(5), _clock);
        expectations.ExpectCreations("default/rs", 3);

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(expectations.SatisfiedExpectations("default/rs"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(expectations.SatisfiedExpectations("default/rs"));
    }

    [Fact]
    public void Raising_and_lowering_adjust_what_is_expected()
    {
        var expectations = new ControllerExpectations(TimeSpan.FromMinutes(5), _clock);
        expectations.RaiseExpectations("default/rs", 1, 0);
        Assert.True(expectations.SatisfiedExpectations("default/rs"));

        expectations.ExpectCreations("default/rs", 1);
        expectations.RaiseExpectations("default/rs", 2, 0);
        expectations.LowerExpectations("default/rs", 2, 0);
        Assert.Equal((1, 0), expectations.GetExpectations("default/rs"));
        Assert.False(expectations.SatisfiedExpectations("default/rs"));
    }

    [Fact]
    public void Observations_from_many_threads_all_count()
    {
        var expectations = new ControllerExpectations(TimeSpan.FromMinutes(5), _clock);
        expectations.ExpectCreations("default/rs", 1000);
        Parallel.For(0, 1000, _ => expectations.CreationObserved("default/rs"));
        Assert.Equal((0, 0), expectations.GetExpectations("default/rs"));
        Assert.True(expectations.SatisfiedExpectations("default/rs"));
    }
}
