using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Controllers.Ownership;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.DaemonSets;

/// <summary>
/// A DaemonSet's history as ControllerRevisions, as Kubernetes' daemon controller keeps it: one revision per
/// template (named <c>&lt;ds&gt;-&lt;hash&gt;</c>, labelled with the template's labels and controller-revision-hash,
/// owned by the DaemonSet) whose data is the strategic merge patch that restores the template, so that
/// <c>kubectl rollout history/undo daemonset</c> work. The current template's revision is the newest (a rollback
/// renumbers the old one); revisions beyond spec.revisionHistoryLimit (default 10) that no pod runs are deleted.
/// </summary>
internal static class DaemonHistory
{
    private const long DefaultHistoryLimit = 10;

    public static async Task SyncAsync(IKubeClient client, JsonObject ds, string hash, IReadOnlyList<JsonObject> revisions, IEnumerable<JsonObject> pods, CancellationToken cancellationToken)
    {
        var ns = KubeObject.Namespace(ds)!;
        var owned = revisions.Where(r => ControllerRefs.IsControlledBy(r, ds)).ToList();
        var newest = owned.Count == 0 ? 0 : owned.Max(Revision);
        var current = owned.FirstOrDefault(r => KubeObject.Labels(r).GetValueOrDefault(DaemonPods.RevisionHashLabel) == hash);
        if (current is null)
        {
            try
            {
                await client.CreateAsync(ResourceRef.ControllerRevisions, New(ds, hash, newest + 1), cancellationToken);
            }
            catch (KubeApiException e) when (e.IsAlreadyExists)
            {
                // Made by an earlier sync whose revision the cache has not shown yet.
            }
        }
        else if (Revision(current) < newest)
        {
            // Rolled back to this template: it becomes the newest revision again.
            var renumbered = (JsonObject)current.DeepClone();
            renumbered["revision"] = newest + 1;
            await client.UpdateAsync(ResourceRef.ControllerRevisions, renumbered, cancellationToken);
        }

        var limit = KubeObject.GetInt64(ds, "spec", "revisionHistoryLimit") ?? DefaultHistoryLimit;
        var live = pods.Select(p => KubeObject.Labels(p).GetValueOrDefault(DaemonPods.RevisionHashLabel)).ToHashSet(StringComparer.Ordinal);
        var old = owned.Where(r => r != current && !live.Contains(KubeObject.Labels(r).GetValueOrDefault(DaemonPods.RevisionHashLabel) ?? "")).OrderBy(Revision).ToList();
        foreach (var revision in old.Take(Math.Max(0, old.Count - (int)limit)))
        {
            try
            {
                await client.DeleteAsync(ResourceRef.ControllerRevisions, ns, KubeObject.Name(revision)!, cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }
        }
    }

    private static long Revision(JsonObject revision) => KubeObject.GetInt64(revision, "revision") ?? 0;

    private static JsonObject New(JsonObject ds, string hash, long revision)
    {
        var template = (JsonObject)(KubeObject.Get(ds, "spec", "template")?.DeepClone() ?? new JsonObject());
        template["$patch"] = "replace";
        var labels = new JsonObject();
        foreach (var (key, value) in KubeObject.Labels(KubeObject.Get(ds, "spec", "template") as JsonObject ?? []))
        {
            labels[key] = value;
        }

        labels[DaemonPods.RevisionHashLabel] = hash;
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ControllerRevision",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{KubeObject.Name(ds)}-{hash}",
                ["namespace"] = KubeObject.Namespace(ds),
                ["labels"] = labels,
                ["ownerReferences"] = new JsonArray(ControllerRefs.New(ds, "apps/v1", "DaemonSet")),
            },
            ["data"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = template } },
            ["revision"] = revision,
        };
    }
}
