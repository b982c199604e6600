using Xunit;

// The plugin and read-journal specs each run an ActorSystem (Akka.TestKit), and the crash test child processes:
// run them one at a time, so that on a 2-core machine they do not starve each other into timeouts.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
