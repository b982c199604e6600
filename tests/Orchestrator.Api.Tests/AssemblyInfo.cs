using Xunit;

// Many test classes here run an ActorSystem (TestKit actor tests, gateways on a one-member cluster):
// run them one at a time, so that on a 2-core machine they do not starve each other into timeouts.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
