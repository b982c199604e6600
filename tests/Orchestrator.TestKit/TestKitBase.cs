using Orchestrator.Actors;
using Xunit;

namespace Orchestrator.TestKit;

/// <summary>
/// The xunit base class for actor tests: a fresh <see cref="ActorSystem"/> per test, a default probe
/// (<see cref="TestActor"/>) and the Expect methods on it. The system is terminated after the test.
/// </summary>
public abstract class TestKit : IAsyncLifetime
{
    private readonly TestProbe _testActor;

    protected TestKit(ActorSystemSettings? systemSettings = null, TestKitSettings? settings = null)
    {
        Settings = settings ?? TestKitSettings.Default;
        Sys = ActorSystem.Create("test", systemSettings);
        _testActor = CreateTestProbe("testActor");
    }

    protected ActorSystem Sys { get; }

    protected TestKitSettings Settings { get; }

    /// <summary>The default probe's reference: use it as the sender of messages whose replies you expect.</summary>
    protected IActorRef TestActor => _testActor.Ref;

    protected TestProbe Probe => _testActor;

    protected IActorRef LastSender => _testActor.LastSender;

    public TestProbe CreateTestProbe(string? name = null) => new(Sys, Settings, name);

    public Task<T> ExpectMsgAsync<T>(Predicate<T>? predicate = null, TimeSpan? timeout = null) => _testActor.ExpectMsgAsync<T>(predicate, timeout);

    public Task<T> ExpectMsgAsync<T>(T expected, TimeSpan? timeout = null) => _testActor.ExpectMsgAsync<T>(expected, timeout);

    public Task ExpectNoMsgAsync(TimeSpan? duration = null) => _testActor.ExpectNoMsgAsync(duration);

    public Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? timeout = null) => _testActor.ExpectTerminatedAsync(target, timeout);

    public Task<object> FishForMessageAsync(Predicate<object> isTheOne, TimeSpan? timeout = null) => _testActor.FishForMessageAsync(isTheOne, timeout);

    public Task<IReadOnlyList<object>> ReceiveNAsync(int count, TimeSpan? timeout = null) => _testActor.ReceiveNAsync(count, timeout);

    public Task WithinAsync(TimeSpan max, Func<Task> block) => _testActor.WithinAsync(max, block);

    public IActorRef Watch(IActorRef subject) => _testActor.Watch(subject);

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        var terminated = Sys.Terminate();
        if (await Task.WhenAny(terminated, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false) != terminated)
        {
            throw new TimeoutException("the actor system did not terminate within 10 s after the test");
        }
    }
}
