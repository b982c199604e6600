using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Schema;
using Orchestrator.Model.Schema.Validation;

namespace Orchestrator.Api.Http;

/// <summary>
/// Server-side field validation (the <c>fieldValidation</c> query parameter): fields the kind's schema
/// does not know, and keys a body repeats, are refused with 400 (Strict, what kubectl sends), or let
/// through with a Warning header each (Warn, the default) or silently (Ignore), as Kubernetes' decoder
/// does. Unknown fields are dropped; of a repeated key the last value counts.
/// </summary>
public static class FieldValidation
{
    public static void Apply(HttpContext context, ResourceType type, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(type);
        var schema = KubeSchema.Find(type.GroupVersion, type.Kind);
        var parsed = RequestBody.Parsed(context);
        if (schema is null && parsed is null)
        {
            return;
        }

        var mode = Mode(context);
        if (mode == "Strict")
        {
            var findings = FieldValidator.ObjectDecodingFindings(schema is null ? [] : FieldValidator.UnknownFields(obj, schema), parsed);
            if (findings.Count > 0)
            {
                throw StatusException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: {FieldValidator.StrictDecodingMessage(findings)}");
            }

            return;
        }

        var dropped = schema is null ? [] : FieldValidator.Prune(obj, schema);
        if (mode == "Warn")
        {
            Warn(context, FieldValidator.ObjectDecodingFindings(dropped, parsed));
        }
    }

    /// <summary>For merge and strategic merge patches: the patch's own fields, directives ($patch, $setElementOrder/...) aside, and its repeated keys.</summary>
    public static void ApplyToPatch(HttpContext context, ResourceType type, JsonNode patch)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(type);
        var unknown = patch is JsonObject obj && KubeSchema.Find(type.GroupVersion, type.Kind) is { } schema
            ? FieldValidator.UnknownFields(obj, schema).Where(path => !path.Contains('$', StringComparison.Ordinal)).ToList()
            : [];
        Report(context, FieldValidator.PatchDecodingFindings(unknown, RequestBody.Parsed(context)));
    }

    /// <summary>For JSON patches: keys repeated within an operation, which Kubernetes names <c>json patch duplicate field "[1].path"</c>.</summary>
    public static void ApplyToJsonPatch(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Report(context, [.. (RequestBody.Parsed(context)?.Duplicates ?? []).Select(d => "json patch " + d.FieldMessage)]);
    }

    /// <summary>
    /// For server-side apply: unknown fields as for a patch, and the keys the configuration repeats, which
    /// Kubernetes (reading every apply body as YAML, JSON included) reports as YAML does, by line.
    /// </summary>
    public static void ApplyToConfiguration(HttpContext context, ResourceType type, JsonObject config, IReadOnlyList<DuplicateKey> duplicates)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(duplicates);
        ApplyToPatch(context, type, config);
        if (duplicates.Count == 0)
        {
            return;
        }

        var lines = duplicates.Select(d => $"line {d.Line}: key {GoQuote(d.Key)} already set in map").ToList();
        switch (Mode(context))
        {
            case "Strict":
                throw StatusException.BadRequest("error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  " + string.Join("\n  ", lines));
            case "Warn":
                Warn(context, lines);
                break;
        }
    }

    private static void Report(HttpContext context, IReadOnlyList<string> findings)
    {
        if (findings.Count == 0)
        {
            return;
        }

        switch (Mode(context))
        {
            case "Strict":
                throw StatusException.BadRequest(FieldValidator.StrictDecodingMessage(findings));
            case "Warn":
                Warn(context, findings);
                break;
        }
    }

    private static string Mode(HttpContext context) => context.Request.Query["fieldValidation"].ToString() switch
    {
        "" or "Warn" => "Warn",
        "Strict" => "Strict",
        "Ignore" => "Ignore",
        var other => throw StatusException.BadRequest($"fieldValidation: Unsupported value: \"{other}\": supported values: \"Ignore\", \"Warn\", \"Strict\""),
    };

    private static void Warn(HttpContext context, IEnumerable<string> messages)
    {
        foreach (var message in messages)
        {
            context.Response.Headers.Append("Warning", $"299 - {GoQuote(message)}");
        }
    }

    // A string as Go's %q writes it, for the texts Kubernetes quotes: backslashes and quotes escaped.
    private static string GoQuote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
