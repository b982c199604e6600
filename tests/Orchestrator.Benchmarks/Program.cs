using Orchestrator.Benchmarks.Actors;
using Orchestrator.Benchmarks.Api;
using Orchestrator.Benchmarks.Journal;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Whole-system benchmarks, one per name (<c>scripts/bench.sh NAME</c>). Each prints a table of our
/// figures beside the baseline measured in the same run, and ends with one line of JSON.
/// </summary>
internal static class Program
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Benchmarks = new(StringComparer.Ordinal)
    {
        ["actors"] = ActorBenchmark.RunAsync,
        ["journal"] = JournalBenchmark.RunAsync,
        ["api"] = ApiBenchmark.RunAsync,
        ["up"] = Up.UpBenchmark.RunAsync,
        ["scheduler"] = Scheduler.SchedulerBenchmark.RunAsync,
        ["podstart"] = PodStart.PodStartBenchmark.RunAsync,
        ["proxy"] = Proxy.ProxyBenchmark.RunAsync,
        ["dns"] = Dns.DnsBenchmark.RunAsync,
    };

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || !Benchmarks.TryGetValue(args[0], out var run))
        {
            await Console.Error.WriteLineAsync($"usage: bench NAME, where NAME is one of: {string.Join(", ", Benchmarks.Keys)}");
            return 2;
        }

        return await run(args[1..]);
    }
}
