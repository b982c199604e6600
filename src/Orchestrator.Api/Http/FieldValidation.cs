using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Schema;
using Orchestrator.Model.Schema.Validation;

namespace Orchestrator.Api.Http;

/// <summary>
/// Server-side field validation (the <c>fieldValidation</c> query parameter): fields the kind's schema
/// does not know are refused with 400 (Strict, what kubectl sends), or dropped with a Warning header
/// (Warn, the default) or silently (Ignore), as Kubernetes' decoder does.
/// </summary>
public static class FieldValidation
{
    public static void Apply(HttpContext context, ResourceType type, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(type);
        if (KubeSchema.Find(type.GroupVersion, type.Kind) is not { } schema)
        {
            return;
        }

        var mode = Mode(context);
        if (mode == "Strict")
        {
            var unknown = FieldValidator.UnknownFields(obj, schema);
            if (unknown.Count > 0)
            {
                throw StatusException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: {FieldValidator.StrictDecodingError(unknown)}");
            }

            return;
        }

        var dropped = FieldValidator.Prune(obj, schema);
        if (mode == "Warn")
        {
            Warn(context, dropped);
        }
    }

    /// <summary>For merge and strategic merge patches: the patch's own fields, directives ($patch, $setElementOrder/...) aside.</summary>
    public static void ApplyToPatch(HttpContext context, ResourceType type, JsonNode patch)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(type);
        if (patch is not JsonObject obj || KubeSchema.Find(type.GroupVersion, type.Kind) is not { } schema)
        {
            return;
        }

        var unknown = FieldValidator.UnknownFields(obj, schema).Where(path => !path.Contains('$', StringComparison.Ordinal)).ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        if (Mode(context) == "Strict")
        {
            throw StatusException.BadRequest(FieldValidator.StrictDecodingError(unknown));
        }

        if (Mode(context) == "Warn")
        {
            Warn(context, unknown);
        }
    }

    private static string Mode(HttpContext context) => context.Request.Query["fieldValidation"].ToString() switch
    {
        "" or "Warn" => "Warn",
        "Strict" => "Strict",
        "Ignore" => "Ignore",
        var other => throw StatusException.BadRequest($"fieldValidation: Unsupported value: \"{other}\": supported values: \"Ignore\", \"Warn\", \"Strict\""),
    };

    private static void Warn(HttpContext context, IEnumerable<string> fields)
    {
        foreach (var field in fields)
        {
            context.Response.Headers.Append("Warning", $"299 - \"{FieldValidator.UnknownFieldMessage(field).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
    }
}
