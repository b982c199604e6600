using Orchestrator.Controllers.Machinery;

namespace Orchestrator.Controllers.Cloud.Provider;

/// <summary>A load balancer cannot be had now (its provider's pool is exhausted, say): the service stays pending and is retried.</summary>
public sealed class LoadBalancerUnavailableException : NotYetPossibleException
{
    public LoadBalancerUnavailableException()
    {
    }

    public LoadBalancerUnavailableException(string message)
        : base(message)
    {
    }

    public LoadBalancerUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
