using Xunit;

// The actor tests run an ActorSystem with a gateway cluster, and the throughput check measures: one test at
// a time, so that on a 2-core machine they do not starve each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
