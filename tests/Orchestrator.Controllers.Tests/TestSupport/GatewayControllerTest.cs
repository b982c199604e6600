using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Controllers.Machinery;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.TestSupport;

/// <summary>
/// A controller test against a real gateway over HTTP (<see cref="TestGateway"/>): starts controllers on a
/// <see cref="ControllerHarness"/> and stops them, their informers and the gateway in that order afterwards.
/// </summary>
public abstract class GatewayControllerTest : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly List<IActorRef> _controllers = [];
    private TestGateway _gateway = null!;
    private ControllerHarness? _harness;

    protected GatewayControllerTest(string systemName, ITestOutputHelper output, string extraConfig = "")
        : base(GatewaySystem.Config(extraConfig), systemName, output)
    {
    }

    protected KubeClient Client => _gateway.Client;

    protected TestGateway Gateway => _gateway;

    public virtual async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(Sys);

    public virtual async Task DisposeAsync()
    {
        // Controllers and informers first: their watches are requests the HTTP server would otherwise wait for as it stops.
        await StopControllersAsync();
        await _gateway.DisposeAsync();
    }

    /// <summary>Starts a controller on this test's harness (made on first use with <paramref name="settings"/>).</summary>
    protected IActorRef StartController(Func<ControllerContext, Props> props, string name, ControllerManagerSettings? settings = null, IKubeClient? client = null, TimeProvider? clock = null)
    {
        _harness ??= ControllerHarness.Create(Sys, client ?? Client, settings);
        var context = clock is null ? _harness.Context : _harness.Context with { Clock = clock };
        var controller = Sys.ActorOf(props(context), name);
        _controllers.Add(controller);
        return controller;
    }

    /// <summary>Stops the controllers and the harness (a later <see cref="StartController"/> makes a new one, as a restarted manager would).</summary>
    protected async Task StopControllersAsync()
    {
        foreach (var controller in _controllers)
        {
            Watch(controller);
            Sys.Stop(controller);
            await ExpectTerminatedAsync(controller, Timeout);
        }

        _controllers.Clear();
        if (_harness is not null)
        {
            await _harness.StopAsync();
            _harness = null;
        }
    }

    /// <summary>Polls the API until <paramref name="check"/> gives a value, and returns it.</summary>
    protected static async Task<T> EventuallyAsync<T>(Func<Task<T?>> check, string what, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (true)
        {
            if (await check() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds.</summary>
    protected static Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        EventuallyAsync<object>(async () => await condition() ? new object() : null, what, timeout);

    protected static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();
}
