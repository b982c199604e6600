using System.Text.Json.Nodes;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Api.Authentication;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Http;
using Orchestrator.Scheduler.Actors;

namespace Orchestrator.Cluster;

/// <summary>
/// <c>GET /debug/scheduler/explain/{namespace}/{name}</c> on the API server: the scheduler's view of a pod
/// (<see cref="ExplainPod"/>) — bound, assumed, or the per-node filter verdicts and scores its next attempt would
/// see — as JSON, or as the table for people with <c>?format=text</c>. Like kube-scheduler's debug endpoints it is
/// for cluster admins only. Mapped by the executable because the gateway may not reference the scheduler.
/// </summary>
internal static class SchedulerExplainEndpoint
{
    public const string Pattern = "/debug/scheduler/explain/{namespace}/{name}";

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    /// <param name="scheduler">The scheduler singleton's proxy, or null while it has not started.</param>
    public static void Map(IEndpointRouteBuilder endpoints, Func<IActorRef?> scheduler) =>
        endpoints.MapGet(Pattern, context => ExplainAsync(context, scheduler()));

    private static async Task ExplainAsync(HttpContext context, IActorRef? scheduler)
    {
        if (!UserInfo.Of(context).IsAdmin)
        {
            throw new StatusException(403, "Forbidden", $"user \"{UserInfo.Of(context).Username}\" cannot get the scheduler's explanations: they are for cluster admins");
        }

        var ns = (string)context.Request.RouteValues["namespace"]!;
        var name = (string)context.Request.RouteValues["name"]!;
        if (scheduler is null)
        {
            throw new StatusException(503, "ServiceUnavailable", "the scheduler has not started yet");
        }

        PodExplanation explanation;
        try
        {
            explanation = await scheduler.Ask<PodExplanation>(new ExplainPod(ns, name), AskTimeout, context.RequestAborted).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new StatusException(503, "ServiceUnavailable", "the scheduler did not answer: no member leads it now");
        }

        if (explanation.State == "NotFound")
        {
            throw StatusException.NotFound($"pods \"{name}\" not found in the scheduler's cache of namespace \"{ns}\"");
        }

        if (context.Request.Query["format"] == "text")
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(explanation.Text, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await HttpResponses.WriteJsonAsync(context, 200, ToJson(explanation)).ConfigureAwait(false);
    }

    private static JsonObject ToJson(PodExplanation explanation) => new()
    {
        ["pod"] = explanation.Pod,
        ["state"] = explanation.State,
        ["node"] = explanation.Node,
        ["failureMessage"] = explanation.FailureMessage,
        ["nodes"] = new JsonArray([.. explanation.Nodes.Select(n => (JsonNode)new JsonObject
        {
            ["node"] = n.Node,
            ["fits"] = n.Fits,
            ["plugin"] = n.Plugin,
            ["reason"] = n.Reason,
            ["score"] = n.Score,
            ["scores"] = n.Scores,
        })]),
    };
}
