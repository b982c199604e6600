using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Orchestrator.Benchmarks.Up;

/// <summary>
/// <c>orchestrator up</c> from process start to DIR/ready (the API serving, the one-member cluster up,
/// every component started): on a new data directory, and resuming an existing one. Beside it, the
/// floor: the same executable printing its help, which is what starting the runtime and the program costs.
/// </summary>
internal static class UpBenchmark
{
    private const int Runs = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var report = new Report();
        var root = Directory.CreateTempSubdirectory("orchestrator-up-").FullName;
        try
        {
            var floor = new List<double>();
            var fresh = new List<double>();
            var resumed = new List<double>();
            for (var run = 0; run < Runs; run++)
            {
                floor.Add(await HelpSecondsAsync());
                var dataDir = Path.Combine(root, $"run-{run}");
                fresh.Add(await UpSecondsAsync(dataDir));
                resumed.Add(await UpSecondsAsync(dataDir));
            }

            report.Row("up, new data directory (median of 5)", Median(fresh), "s", Median(floor), "orchestrator --help", higherIsBetter: false);
            report.Row("up, resuming its data directory", Median(resumed), "s", Median(floor), "orchestrator --help", higherIsBetter: false);
            report.Set("up_ready_s", Median(fresh));
            report.Set("up_resume_ready_s", Median(resumed));
            report.Set("process_floor_s", Median(floor));
            report.PrintJson();
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string OrchestratorPath =>
        typeof(UpBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OrchestratorPath").Value!;

    private static async Task<double> HelpSecondsAsync()
    {
        var started = Stopwatch.StartNew();
        using var process = Start([OrchestratorPath, "--help"]);
        await process.WaitForExitAsync();
        return started.Elapsed.TotalSeconds;
    }

    /// <summary>Starts the cluster, waits for DIR/ready, and stops it as Ctrl-C would.</summary>
    private static async Task<double> UpSecondsAsync(string dataDir)
    {
        var ready = Path.Combine(dataDir, "ready");
        var started = Stopwatch.StartNew();
        using var process = Start([OrchestratorPath, "up", "--data-dir", dataDir, "--listen", $"127.0.0.1:{FreePort()}"]);
        while (!File.Exists(ready))
        {
            if (process.HasExited || started.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException("orchestrator did not become ready");
            }

            await Task.Delay(5);
        }

        var seconds = started.Elapsed.TotalSeconds;
        Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
        }

        return seconds;
    }

    private static Process Start(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
