using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Kubelet.Server;

/// <summary>The kubelet's query parameters: booleans as Go's strconv.ParseBool reads them, bounded integers; 400 on bad values.</summary>
public static class QueryFlags
{
    public static bool Bool(IQueryCollection query, string name)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!query.TryGetValue(name, out var values))
        {
            return false;
        }

        var value = values.ToString();
        return value switch
        {
            "" or "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
            _ => throw KubeletRequestException.BadRequest($"{name}: invalid value \"{value}\": not a boolean"),
        };
    }

    public static int? Int(IQueryCollection query, string name, int min)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query[name].ToString() is not { Length: > 0 } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw KubeletRequestException.BadRequest($"{name}: invalid value \"{text}\": must be an integer of at least {min}");
    }
}
