using Xunit;

// The actor tests run ActorSystems beside a gateway cluster: one test class at a time, so that on a 2-core
// machine they do not starve each other into timeouts.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
