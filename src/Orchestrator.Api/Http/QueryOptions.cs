using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Selectors;

namespace Orchestrator.Api.Http;

/// <summary>The query parameters of list, watch and delete, parsed and checked (400 on bad values).</summary>
public sealed record QueryOptions(
    LabelSelector Labels,
    FieldSelector Fields,
    int Limit,
    string? Continue,
    string? ResourceVersion,
    string? ResourceVersionMatch,
    bool Watch,
    bool AllowWatchBookmarks,
    int? TimeoutSeconds,
    bool DryRun,
    long? GracePeriodSeconds,
    string? PropagationPolicy)
{
    public static QueryOptions Parse(HttpContext context, ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(type);
        var query = context.Request.Query;
        var labels = LabelSelector.Empty;
        if (query["labelSelector"].ToString() is { Length: > 0 } labelText)
        {
            try
            {
                labels = LabelSelector.Parse(labelText);
            }
            catch (FormatException e)
            {
                throw StatusException.BadRequest($"unable to parse requirement: {e.Message}");
            }
        }

        var fields = FieldSelector.Empty;
        if (query["fieldSelector"].ToString() is { Length: > 0 } fieldText)
        {
            try
            {
                fields = FieldSelector.Parse(fieldText);
            }
            catch (FormatException e)
            {
                throw StatusException.BadRequest($"invalid field selector: {e.Message}");
            }

            foreach (var field in fields.Fields)
            {
                if (!type.AllSelectableFields.Contains(field))
                {
                    throw StatusException.BadRequest($"field label not supported: {field}");
                }
            }
        }

        var dryRun = query["dryRun"].ToString();
        if (dryRun.Length > 0 && dryRun != "All")
        {
            throw StatusException.BadRequest($"unsupported dry run value {dryRun}: only All is supported");
        }

        var match = Text(context, "resourceVersionMatch");
        if (match is not (null or "NotOlderThan" or "Exact"))
        {
            throw StatusException.BadRequest($"resourceVersionMatch: Unsupported value: \"{match}\": supported values: \"Exact\", \"NotOlderThan\"");
        }

        return new QueryOptions(
            labels,
            fields,
            (int)(Number(context, "limit") ?? 0),
            Text(context, "continue"),
            Text(context, "resourceVersion"),
            match,
            Flag(context, "watch"),
            Flag(context, "allowWatchBookmarks"),
            (int?)Number(context, "timeoutSeconds"),
            dryRun == "All",
            Number(context, "gracePeriodSeconds"),
            Text(context, "propagationPolicy"));
    }

    /// <summary>A resourceVersion given as a revision; "0" and "" mean "any" and give null; 400 when it is not a resourceVersion.</summary>
    public static long? Revision(string? resourceVersion) => ResourceVersions.Parse(resourceVersion);

    private static string? Text(HttpContext context, string name) =>
        context.Request.Query[name].ToString() is { Length: > 0 } value ? value : null;

    /// <summary>A boolean as Go's strconv.ParseBool reads it (Python's client sends "True").</summary>
    private static bool Flag(HttpContext context, string name) => Text(context, name) switch
    {
        null or "0" or "f" or "F" or "false" or "False" or "FALSE" => false,
        "1" or "t" or "T" or "true" or "True" or "TRUE" => true,
        var value => throw StatusException.BadRequest($"{name}: invalid boolean \"{value}\""),
    };

    private static long? Number(HttpContext context, string name)
    {
        if (Text(context, name) is not { } value)
        {
            return null;
        }

        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : throw StatusException.BadRequest($"{name}: invalid value \"{value}\"");
    }
}
