namespace Orchestrator.Model.OpenApi;

/// <summary>One response of an operation: its HTTP code and the definition its body holds (none for 401).</summary>
internal sealed record ApiResponse(string Code, string? Definition)
{
    public static ApiResponse Unauthorized { get; } = new("401", null);

    public string Description => Code switch
    {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "401" => "Unauthorized",
        _ => Code,
    };
}
