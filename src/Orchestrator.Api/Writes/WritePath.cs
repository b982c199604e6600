using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Api.Admission;
using Orchestrator.Api.Entities;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;

namespace Orchestrator.Api.Writes;

/// <summary>
/// The one way every write reaches an object, whoever asks (the HTTP handlers, server-side apply, the
/// gateway's own start-up objects), like Kubernetes' generic registry Store: name generation (retried
/// when the generated name is taken), defaulting and validation through the kind's strategy, admission
/// (namespace lifecycle, Service addresses), then the command to the object's entity, which checks it
/// against the stored object, persists and replies.
/// </summary>
public sealed class WritePath(ApiGateway gateway)
{
    /// <summary>Names generated for one create before giving up (Kubernetes' RetryGenerateName tries 7 more).</summary>
    public const int GenerateNameAttempts = 8;

    private readonly NamespaceLifecycle _namespaces = new(gateway);
    private readonly PriorityAdmission _priority = new(gateway);

    /// <summary>Creates <paramref name="obj"/> (already read and checked against the URL), generating its name if asked.</summary>
    public async Task<ResourceResult> CreateAsync(ResourceType type, string ns, JsonObject obj, bool dryRun, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        var generated = string.IsNullOrEmpty(KubeObject.Name(obj)) && KubeObject.GetString(obj, "metadata", "generateName") is { Length: > 0 };
        for (var attempt = 1; ; attempt++)
        {
            var candidate = generated ? obj.DeepClone().AsObject() : obj;
            ObjectWrites.GenerateNameIfNeeded(candidate);

            // Before defaulting, which would otherwise fill in the priority the class decides.
            await _priority.AdmitCreateAsync(type, candidate, ct).ConfigureAwait(false);
            ObjectWrites.PrepareCreate(type, candidate, gateway.Time.GetUtcNow());
            await _namespaces.AdmitCreateAsync(type, ns, ct).ConfigureAwait(false);
            candidate = await AllocateAsync(type, candidate, dryRun, ct).ConfigureAwait(false);
            var result = await gateway.SendAsync(new CreateResource(ResourceKey.Of(type, ns, KubeObject.Name(candidate)!), JsonBytes.From(candidate), dryRun), ct).ConfigureAwait(false);
            if (!generated || attempt == GenerateNameAttempts || result.Status is not { Reason: "AlreadyExists" })
            {
                return result;
            }
        }
    }

    public Task<ResourceResult> UpdateAsync(ResourceType type, string ns, string name, JsonObject obj, string? subresource, bool dryRun, CancellationToken ct) =>
        gateway.SendAsync(new UpdateResource(ResourceKey.Of(type, ns, name), JsonBytes.From(obj), subresource, dryRun), ct);

    public Task<ResourceResult> PatchAsync(ResourceType type, string ns, string name, PatchKind kind, JsonNode patch, string? subresource, bool dryRun, CancellationToken ct) =>
        gateway.SendAsync(new PatchResource(ResourceKey.Of(type, ns, name), kind, JsonBytes.From(patch), subresource, dryRun), ct);

    /// <summary>
    /// Server-side apply: the entity merges the configuration into the stored object; when there is no
    /// object yet, the configuration is created as one, as Kubernetes does.
    /// </summary>
    public async Task<ResourceResult> ApplyAsync(ResourceType type, string ns, string name, JsonObject config, ApplyOptions options, bool dryRun, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(type);
        var key = ResourceKey.Of(type, ns, name);
        var patch = JsonBytes.From(config);
        for (var attempt = 0; ; attempt++)
        {
            var applied = await gateway.SendAsync(new PatchResource(key, PatchKind.Apply, patch, null, dryRun, options), ct).ConfigureAwait(false);
            if (applied.Status is not { Code: 404 })
            {
                return applied;
            }

            var obj = ObjectWrites.ServerSideApply(type, null, config, options, gateway.Time.GetUtcNow());
            var metadata = KubeObject.Metadata(obj);
            metadata["name"] = name;
            if (type.Namespaced)
            {
                metadata["namespace"] = ns;
            }

            var created = await CreateAsync(type, ns, obj, dryRun, ct).ConfigureAwait(false);
            if (created.Status is { Reason: "AlreadyExists" } && attempt == 0)
            {
                continue; // created by someone else meanwhile: apply to theirs
            }

            return created;
        }
    }

    public Task<ResourceResult> DeleteAsync(ResourceType type, string ns, string name, DeleteOptions options, CancellationToken ct)
    {
        NamespaceLifecycle.AdmitDelete(type, name);
        return gateway.SendAsync(new DeleteResource(ResourceKey.Of(type, ns, name), options), ct);
    }

    public Task<ResourceResult> BindAsync(ResourceType type, string ns, string name, string node, CancellationToken ct) =>
        gateway.SendAsync(new BindPod(ResourceKey.Of(type, ns, name), node), ct);

    /// <summary>Reads the scale (neither <paramref name="scale"/> nor <paramref name="patch"/>), or replaces or patches it.</summary>
    public Task<ResourceResult> ScaleAsync(ResourceType type, string ns, string name, JsonObject? scale, PatchKind? kind, JsonNode? patch, bool dryRun, CancellationToken ct) =>
        gateway.SendAsync(new ScaleResource(ResourceKey.Of(type, ns, name), scale is null ? null : JsonBytes.From(scale), kind, patch is null ? null : JsonBytes.From(patch), dryRun), ct);

    /// <summary>A new Service gets its cluster IP and node ports (Kubernetes' Service REST storage does it on create).</summary>
    private async Task<JsonObject> AllocateAsync(ResourceType type, JsonObject obj, bool dryRun, CancellationToken ct)
    {
        if (dryRun || gateway.ServiceAllocator is not { } allocator || type != gateway.ServiceType)
        {
            return obj;
        }

        var allocated = await allocator.Ask<ServiceAddressesAllocated>(new AllocateServiceAddresses(obj), gateway.Settings.RequestTimeout, ct).ConfigureAwait(false);
        return allocated.Service;
    }
}
