using Xunit;

// Every test class runs an ActorSystem with a gateway cluster: one at a time, so that on a 2-core
// machine they do not starve each other into timeouts.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
