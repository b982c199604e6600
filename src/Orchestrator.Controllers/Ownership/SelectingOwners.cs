using System.Text.Json.Nodes;
using Orchestrator.Client.Informers;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Selectors;

namespace Orchestrator.Controllers.Ownership;

/// <summary>
/// The would-be owners whose spec.selector matches an orphan (Kubernetes' GetPodReplicaSets,
/// getDeploymentsForReplicaSet): one of them may adopt it. An empty or invalid selector selects nothing.
/// </summary>
public static class SelectingOwners
{
    /// <summary>The keys of the objects in <paramref name="owners"/>, in <paramref name="obj"/>'s namespace, whose selector matches it.</summary>
    public static List<string> KeysOf(Lister owners, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(owners);
        var keys = new List<string>();
        foreach (var owner in owners.List(KubeObject.Namespace(obj)))
        {
            try
            {
                var selector = LabelSelector.FromJson(KubeObject.Get(owner, "spec", "selector") as JsonObject);
                if (!selector.IsEmpty && selector.Matches(obj))
                {
                    keys.Add(ObjectKey.Of(owner));
                }
            }
            catch (FormatException)
            {
                // An invalid selector selects nothing.
            }
        }

        return keys;
    }
}
