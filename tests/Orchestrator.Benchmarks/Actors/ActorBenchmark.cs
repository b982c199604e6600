using System.Diagnostics;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Configuration;

namespace Orchestrator.Benchmarks.Actors;

/// <summary>
/// Akka.NET against its floor: the same work done by bare <see cref="Channel{T}"/> consumer loops in the
/// same process and the same run. Tell throughput (ping-pong, 1,000 actors all-to-all), Ask round trip,
/// creation rate, memory per idle actor. Akka runs on its defaults (default dispatcher, unbounded
/// mailboxes), with only its logging quietened, so the figures are what the gateway's actors get.
/// </summary>
internal static class ActorBenchmark
{
    private const int PingPongMessages = 2_000_000;
    private const int AllToAllActors = 1000;
    private const int AllToAllRounds = 5; // each round every actor sends one message to every actor: 1,000,000 messages
    private const int Asks = 100_000;
    private const int AskWarmUp = 10_000;
    private const int Creations = 100_000;
    private const int CreationWarmUp = 10_000;

    // Dead letters are expected while a system with 100,000 actors shuts down; logging them would only add noise.
    private static readonly Config Quiet = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        """);

    public static async Task<int> RunAsync(string[] args)
    {
        var report = new Report();
        await using (var probe = new BenchSystem())
        {
            var dispatcher = probe.System.Settings.Config.GetConfig("akka.actor.default-dispatcher");
            Console.WriteLine(
                $"Akka.NET {typeof(ActorSystem).Assembly.GetName().Version} benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}; "
                + $"default dispatcher: {dispatcher.GetString("executor")}, throughput {dispatcher.GetInt("throughput")}");
        }

        // Warm up the JIT on both sides before measuring.
        await PingPongActors(50_000);
        await PingPongChannels(50_000);
        await AllToAllActorsRun(1);
        await AllToAllChannelsRun(1);

        var pingPong = await PingPongActors(PingPongMessages);
        var pingPongFloor = await PingPongChannels(PingPongMessages);
        report.Row("tell ping-pong (2 actors)", pingPong, "msgs/s", pingPongFloor, "channel");

        var allToAll = await AllToAllActorsRun(AllToAllRounds);
        var allToAllFloor = await AllToAllChannelsRun(AllToAllRounds);
        report.Row("tell all-to-all (1,000 actors)", allToAll, "msgs/s", allToAllFloor, "channel");

        var (askP50, askP99) = await AskLatency();
        var (floorP50, floorP99) = await ChannelRoundTrip();
        report.Row("ask round trip p50", askP50, "µs", floorP50, "channel", higherIsBetter: false);
        report.Row("ask round trip p99", askP99, "µs", floorP99, "channel", higherIsBetter: false);

        await Creation(CreationWarmUp);
        await ChannelCreation(CreationWarmUp);
        var (created, bytes, bytesAfterMessage) = await Creation(Creations);
        var (channelsCreated, channelBytes) = await ChannelCreation(Creations);
        report.Row("actors created", created, "actors/s", channelsCreated, "channel+loop");
        report.Row("memory per idle actor", bytes, "bytes", channelBytes, "channel+loop", higherIsBetter: false);
        report.Row("memory per idle actor that has had mail", bytesAfterMessage, "bytes", channelBytes, "channel+loop", higherIsBetter: false);

        report.Set("ping_pong_msgs_per_s", pingPong);
        report.Set("channel_floor_ping_pong_msgs_per_s", pingPongFloor);
        report.Set("all_to_all_msgs_per_s", allToAll);
        report.Set("channel_floor_msgs_per_s", allToAllFloor);
        report.Set("ask_p50_us", askP50);
        report.Set("ask_p99_us", askP99);
        report.Set("channel_floor_rtt_p50_us", floorP50);
        report.Set("channel_floor_rtt_p99_us", floorP99);
        report.Set("actors_created_per_s", created);
        report.Set("channel_floor_created_per_s", channelsCreated);
        report.Set("bytes_per_actor", bytes);
        report.Set("bytes_per_actor_after_message", bytesAfterMessage);
        report.Set("channel_floor_bytes_per_consumer", channelBytes);
        report.PrintJson();
        return 0;
    }

    /// <summary>
    /// <paramref name="messages"/> messages in all: the pinger gets the opening ball and then
    /// <paramref name="messages"/>/2 returns, the ponger <paramref name="messages"/>/2 balls.
    /// </summary>
    private static async Task<double> PingPongActors(int messages)
    {
        await using var bench = new BenchSystem();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ponger = bench.System.ActorOf(Props.Create(() => new Ponger()));
        var pinger = bench.System.ActorOf(Props.Create(() => new Pinger(ponger, messages / 2, done)));
        var sw = Stopwatch.StartNew();
        pinger.Tell(Ball.Instance, ActorRefs.NoSender);
        await done.Task;
        return messages / sw.Elapsed.TotalSeconds;
    }

    private static async Task<double> PingPongChannels(int messages)
    {
        var a = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var b = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var rounds = messages / 2;
        var sw = Stopwatch.StartNew();
        var pinger = Task.Run(async () =>
        {
            a.Writer.TryWrite(Ball.Instance);
            for (var i = 0; i < rounds; i++)
            {
                var ball = await b.Reader.ReadAsync();
                if (i + 1 < rounds)
                {
                    a.Writer.TryWrite(ball);
                }
            }
        });
        var ponger = Task.Run(async () =>
        {
            for (var i = 0; i < rounds; i++)
            {
                b.Writer.TryWrite(await a.Reader.ReadAsync());
            }
        });
        await Task.WhenAll(pinger, ponger);
        return messages / sw.Elapsed.TotalSeconds;
    }

    private static async Task<double> AllToAllActorsRun(int rounds)
    {
        await using var bench = new BenchSystem();
        var expected = (long)AllToAllActors * AllToAllActors * rounds;
        var finished = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var peers = new IActorRef[AllToAllActors];
        Action completed = () =>
        {
            if (Interlocked.Increment(ref finished) == AllToAllActors)
            {
                done.TrySetResult();
            }
        };
        var props = Props.Create(() => new Peer(peers, AllToAllActors * rounds, completed));
        for (var i = 0; i < peers.Length; i++)
        {
            peers[i] = bench.System.ActorOf(props);
        }

        var sw = Stopwatch.StartNew();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var peer in peers)
            {
                peer.Tell(Go.Instance, ActorRefs.NoSender);
            }
        }

        await done.Task;
        return expected / sw.Elapsed.TotalSeconds;
    }

    private static async Task<double> AllToAllChannelsRun(int rounds)
    {
        var expected = (long)AllToAllActors * AllToAllActors * rounds;
        var channels = Enumerable.Range(0, AllToAllActors)
            .Select(_ => Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true }))
            .ToArray();
        var perConsumer = AllToAllActors * rounds;
        var sw = Stopwatch.StartNew();
        var consumers = channels.Select(channel => Task.Run(async () =>
        {
            var got = 0;
            while (got < perConsumer)
            {
                await channel.Reader.WaitToReadAsync();
                while (channel.Reader.TryRead(out var message))
                {
                    if (message is Go)
                    {
                        foreach (var peer in channels)
                        {
                            peer.Writer.TryWrite(Ball.Instance);
                        }
                    }
                    else
                    {
                        got++;
                    }
                }
            }
        })).ToArray();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var channel in channels)
            {
                channel.Writer.TryWrite(Go.Instance);
            }
        }

        await Task.WhenAll(consumers);
        return expected / sw.Elapsed.TotalSeconds;
    }

    /// <summary>Akka's Ask from outside the system: a temporary actor ref and a timeout per call, as callers use it.</summary>
    private static async Task<(double P50, double P99)> AskLatency()
    {
        await using var bench = new BenchSystem();
        var echo = bench.System.ActorOf(Props.Create(() => new Echo()));
        var timeout = TimeSpan.FromSeconds(5);
        var samples = new double[Asks];
        for (var i = -AskWarmUp; i < Asks; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await echo.Ask<Ball>(Ball.Instance, timeout);
            if (i >= 0)
            {
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        return Percentiles(samples);
    }

    /// <summary>The floor of a round trip: a request carrying its reply promise through a channel to one consumer, with the same timeout.</summary>
    private static async Task<(double P50, double P99)> ChannelRoundTrip()
    {
        var requests = Channel.CreateUnbounded<TaskCompletionSource<object>>(new UnboundedChannelOptions { SingleReader = true });
        using var cts = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            try
            {
                await foreach (var request in requests.Reader.ReadAllAsync(cts.Token))
                {
                    request.TrySetResult(Ball.Instance);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        var timeout = TimeSpan.FromSeconds(5);
        var samples = new double[Asks];
        for (var i = -AskWarmUp; i < Asks; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var reply = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            requests.Writer.TryWrite(reply);
            await reply.Task.WaitAsync(timeout);
            if (i >= 0)
            {
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        await cts.CancelAsync();
        await server;
        return Percentiles(samples);
    }

    /// <summary>
    /// <paramref name="count"/> top-level actors, timed until every one has run PreStart; the heap after a
    /// full collection with them all alive, and again once every one has processed one message.
    /// </summary>
    private static async Task<(double PerSecond, double Bytes, double BytesAfterMessage)> Creation(int count)
    {
        await using var bench = new BenchSystem();
        var started = 0;
        var received = 0;
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Action onStarted = () =>
        {
            if (Interlocked.Increment(ref started) == count)
            {
                allStarted.TrySetResult();
            }
        };
        Action onReceived = () =>
        {
            if (Interlocked.Increment(ref received) == count)
            {
                allReceived.TrySetResult();
            }
        };
        var props = Props.Create(() => new Idle(onStarted, onReceived));
        var actors = new IActorRef[count];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            actors[i] = bench.System.ActorOf(props);
        }

        await allStarted.Task;
        var perSecond = count / sw.Elapsed.TotalSeconds;
        var after = GC.GetTotalMemory(forceFullCollection: true);

        foreach (var actor in actors)
        {
            actor.Tell(Ball.Instance, ActorRefs.NoSender);
        }

        await allReceived.Task;
        var afterMessage = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(actors);
        return (perSecond, (after - before) / (double)count, (afterMessage - before) / (double)count);
    }

    private static async Task<(double PerSecond, double Bytes)> ChannelCreation(int count)
    {
        using var cts = new CancellationTokenSource();
        var channels = new Channel<object>[count];
        var loops = new Task[count];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var channel = channels[i] = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
            loops[i] = ConsumeAsync(channel.Reader, cts.Token);
        }

        var perSecond = count / sw.Elapsed.TotalSeconds;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(channels);
        await cts.CancelAsync();
        await Task.WhenAll(loops);
        return (perSecond, (after - before) / (double)count);

        static async Task ConsumeAsync(ChannelReader<object> reader, CancellationToken token)
        {
            try
            {
                while (await reader.WaitToReadAsync(token))
                {
                    reader.TryRead(out _);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static (double P50, double P99) Percentiles(double[] samples)
    {
        Array.Sort(samples);
        return (samples[samples.Length / 2], samples[(int)(samples.Length * 0.99)]);
    }

    /// <summary>An actor system for one measurement, terminated (every actor stopped) when disposed.</summary>
    private sealed class BenchSystem : IAsyncDisposable
    {
        public ActorSystem System { get; } = ActorSystem.Create("bench", Quiet);

        public async ValueTask DisposeAsync()
        {
            await System.Terminate();
            System.Dispose();
        }
    }

    private sealed class Ball
    {
        public static readonly Ball Instance = new();
    }

    private sealed class Go
    {
        public static readonly Go Instance = new();
    }

    private sealed class Ponger : ReceiveActor
    {
        public Ponger() => Receive<Ball>(ball => Sender.Tell(ball, Self));
    }

    private sealed class Pinger : ReceiveActor
    {
        public Pinger(IActorRef ponger, int rounds, TaskCompletionSource done)
        {
            var left = rounds;
            Receive<Ball>(ball =>
            {
                if (left-- == 0)
                {
                    done.TrySetResult();
                    return;
                }

                ponger.Tell(ball, Self);
            });
        }
    }

    private sealed class Peer : ReceiveActor
    {
        public Peer(IActorRef[] peers, int expected, Action completed)
        {
            var got = 0;
            Receive<Go>(_ =>
            {
                foreach (var peer in peers)
                {
                    peer.Tell(Ball.Instance, Self);
                }
            });
            Receive<Ball>(_ =>
            {
                if (++got == expected)
                {
                    completed();
                }
            });
        }
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m, Self));
    }

    private sealed class Idle : ReceiveActor
    {
        private readonly Action _started;

        public Idle(Action started, Action received)
        {
            _started = started;
            Receive<Ball>(_ => received());
        }

        protected override void PreStart() => _started();
    }
}
