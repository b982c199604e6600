using Orchestrator.Client.Events;
namespace Orchestrator.Client.Informers;

/// <summary>
/// Told to a subscriber once it has been given every object of the informer's first complete list (client-go's
/// HasSynced): from then on the cache can be trusted to say an object does not exist.
/// </summary>
public sealed record InformerSynced(InformerKey Informer);
