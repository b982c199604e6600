using System.Diagnostics;
using System.Threading.Channels;
using Orchestrator.Actors;

namespace Orchestrator.Benchmarks.Actors;

/// <summary>
/// The actor kernel against its floor: the same work done by bare <see cref="Channel{T}"/> consumer loops
/// in the same process. Tell throughput (ping-pong, 1,000 actors all-to-all), Ask round trip, creation rate,
/// memory per idle actor.
/// </summary>
internal static class ActorBenchmark
{
    private const int PingPongMessages = 2_000_000;
    private const int AllToAllActors = 1000;
    private const int AllToAllRounds = 5; // each round every actor sends one message to every actor: 1,000,000 messages
    private const int Asks = 100_000;
    private const int Creations = 100_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var report = new Report();
        Console.WriteLine($"actor kernel benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}");

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

        var (created, bytes, bytesAfterMessage) = await Creation();
        var (channelsCreated, channelBytes) = await ChannelCreation();
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
        report.Set("bytes_per_actor", bytes);
        report.Set("bytes_per_actor_after_message", bytesAfterMessage);
        report.Set("channel_floor_bytes_per_consumer", channelBytes);
        report.PrintJson();
        return 0;
    }

    private static async Task<double> PingPongActors(int messages)
    {
        await using var system = ActorSystem.Create("bench");
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ponger = system.ActorOf(Props.Create(() => new Ponger()));
        var pinger = system.ActorOf(Props.Create(() => new Pinger(ponger, messages / 2, done)));
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
        await using var system = ActorSystem.Create("bench");
        var expected = (long)AllToAllActors * AllToAllActors * rounds;
        var received = 0L;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var peers = new IActorRef[AllToAllActors];
        for (var i = 0; i < peers.Length; i++)
        {
            peers[i] = system.ActorOf(Props.Create(() => new Peer(peers, AllToAllActors * rounds, () =>
            {
                if (Interlocked.Increment(ref received) == AllToAllActors)
                {
                    done.TrySetResult();
                }
            })));
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

    private static async Task<(double P50, double P99)> AskLatency()
    {
        await using var system = ActorSystem.Create("bench");
        var echo = system.ActorOf(Props.Create(() => new Echo()));
        for (var i = 0; i < 10_000; i++)
        {
            await echo.Ask<Ball>(Ball.Instance, TimeSpan.FromSeconds(5));
        }

        var samples = new double[Asks];
        for (var i = 0; i < Asks; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await echo.Ask<Ball>(Ball.Instance, TimeSpan.FromSeconds(5));
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return Percentiles(samples);
    }

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
        var samples = new double[Asks];
        for (var i = -10_000; i < Asks; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var reply = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            requests.Writer.TryWrite(reply);
            await reply.Task.WaitAsync(TimeSpan.FromSeconds(5));
            if (i >= 0)
            {
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        await cts.CancelAsync();
        await server;
        return Percentiles(samples);
    }

    private static async Task<(double PerSecond, double Bytes, double BytesAfterMessage)> Creation()
    {
        await using var system = ActorSystem.Create("bench");
        var started = 0;
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var props = Props.Create(() => new Idle(() =>
        {
            if (Interlocked.Increment(ref started) == Creations)
            {
                allStarted.TrySetResult();
            }
        }));
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var sw = Stopwatch.StartNew();
        var actors = new IActorRef[Creations];
        for (var i = 0; i < Creations; i++)
        {
            actors[i] = system.ActorOf(props);
        }

        await allStarted.Task;
        var perSecond = Creations / sw.Elapsed.TotalSeconds;
        var after = GC.GetTotalMemory(forceFullCollection: true);

        foreach (var actor in actors)
        {
            actor.Tell(Ball.Instance, ActorRefs.NoSender);
        }

        await Task.Delay(500);
        var afterMessage = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(actors);
        return (perSecond, (after - before) / (double)Creations, (afterMessage - before) / (double)Creations);
    }

    private static async Task<(double PerSecond, double Bytes)> ChannelCreation()
    {
        using var cts = new CancellationTokenSource();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var sw = Stopwatch.StartNew();
        var channels = new Channel<object>[Creations];
        var loops = new Task[Creations];
        for (var i = 0; i < Creations; i++)
        {
            var channel = channels[i] = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
            loops[i] = ConsumeAsync(channel.Reader, cts.Token);
        }

        var perSecond = Creations / sw.Elapsed.TotalSeconds;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(channels);
        await cts.CancelAsync();
        await Task.WhenAll(loops);
        return (perSecond, (after - before) / (double)Creations);

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

        public Idle(Action started)
        {
            _started = started;
            Receive<Ball>(_ => { });
        }

        protected override void PreStart() => _started();
    }
}
