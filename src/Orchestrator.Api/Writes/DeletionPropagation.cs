using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;

namespace Orchestrator.Api.Writes;

/// <summary>
/// The finalizers a delete leaves on an object for the garbage collector (Kubernetes' registry Store,
/// deletionFinalizersForGarbageCollection): <c>orphan</c> when its dependents are to be orphaned,
/// <c>foregroundDeletion</c> when they are to be deleted first, neither for background deletion. An explicit
/// propagationPolicy decides; without one, a finalizer already there stands, else the kind's default policy.
/// </summary>
public static class DeletionPropagation
{
    public const string Orphan = "Orphan";
    public const string Background = "Background";
    public const string Foreground = "Foreground";
    public const string OrphanFinalizer = "orphan";
    public const string ForegroundFinalizer = "foregroundDeletion";

    /// <summary>Sets metadata.finalizers of <paramref name="obj"/> for the policy; true when they changed.</summary>
    public static bool ApplyFinalizers(JsonObject obj, string? propagationPolicy, GarbageCollectionPolicy defaultPolicy)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (defaultPolicy == GarbageCollectionPolicy.Unsupported)
        {
            return false;
        }

        var existing = KubeObject.Finalizers(obj);
        var orphan = propagationPolicy switch
        {
            Orphan => true,
            Background or Foreground => false,
            _ => existing.Contains(OrphanFinalizer) || (!existing.Contains(ForegroundFinalizer) && defaultPolicy == GarbageCollectionPolicy.OrphanDependents),
        };
        var foreground = propagationPolicy switch
        {
            Foreground => true,
            Background or Orphan => false,
            _ => existing.Contains(ForegroundFinalizer),
        };

        var wanted = existing.Where(f => f is not (OrphanFinalizer or ForegroundFinalizer)).ToList();
        if (orphan)
        {
            wanted.Add(OrphanFinalizer);
        }

        if (foreground)
        {
            wanted.Add(ForegroundFinalizer);
        }

        if (wanted.ToHashSet(StringComparer.Ordinal).SetEquals(existing))
        {
            return false;
        }

        var metadata = KubeObject.Metadata(obj);
        if (wanted.Count == 0)
        {
            metadata.Remove("finalizers");
        }
        else
        {
            metadata["finalizers"] = new JsonArray([.. wanted.Select(f => JsonValue.Create(f))]);
        }

        return true;
    }
}
