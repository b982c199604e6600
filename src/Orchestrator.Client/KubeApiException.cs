using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Client;

/// <summary>
/// The API answered with a non-2xx status (or a watch sent an ERROR event). Carries the HTTP status, the
/// Status reason and message, and the parsed <see cref="KubeStatus"/>, like the official clients' ApiException.
/// </summary>
public sealed class KubeApiException : Exception
{
    private const int MaxBodyInMessage = 512;

    public KubeApiException()
        : this("the API request failed")
    {
    }

    public KubeApiException(string message)
        : base(message)
    {
        Reason = "Unknown";
    }

    public KubeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = "Unknown";
    }

    public KubeApiException(HttpStatusCode statusCode, KubeStatus? status, string? responseBody = null)
        : base(MessageFor(statusCode, status, responseBody))
    {
        StatusCode = statusCode;
        Status = status;
        ResponseBody = responseBody;
        Reason = string.IsNullOrEmpty(status?.Reason) ? ReasonFor(statusCode) : status.Reason;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The Status reason, or the reason the HTTP status implies when the body was not a Status.</summary>
    public string Reason { get; }

    public KubeStatus? Status { get; }

    public string? ResponseBody { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    public bool IsAlreadyExists => StatusCode == HttpStatusCode.Conflict && Reason == "AlreadyExists";

    /// <summary>A write lost an optimistic-concurrency race (stale resourceVersion): read again and retry.</summary>
    public bool IsConflict => StatusCode == HttpStatusCode.Conflict && Reason != "AlreadyExists";

    /// <summary>The requested revision is no longer available (410 Gone / Expired): list again.</summary>
    public bool IsGone => StatusCode == HttpStatusCode.Gone;

    public bool IsInvalid => StatusCode == HttpStatusCode.UnprocessableEntity;

    /// <summary>From a failed response: the body is parsed as a Status when it is one.</summary>
    internal static KubeApiException FromResponse(HttpStatusCode statusCode, byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        KubeStatus? status = null;
        try
        {
            status = KubeStatus.FromJson(JsonNode.Parse(body));
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, plain text): the raw body is kept for the message.
        }

        return new KubeApiException(statusCode, status, text);
    }

    /// <summary>From a watch ERROR event, whose Status code stands for the HTTP status.</summary>
    internal static KubeApiException FromStatus(KubeStatus status) =>
        new(status.Code == 0 ? HttpStatusCode.InternalServerError : (HttpStatusCode)status.Code, status);

    private static string MessageFor(HttpStatusCode code, KubeStatus? status, string? body)
    {
        var detail = !string.IsNullOrEmpty(status?.Message) ? status.Message
            : string.IsNullOrWhiteSpace(body) ? "no details"
            : body.Length > MaxBodyInMessage ? body[..MaxBodyInMessage] + "…"
            : body;
        var reason = string.IsNullOrEmpty(status?.Reason) ? ReasonFor(code) : status.Reason;
        return $"{(int)code} {reason}: {detail}";
    }

    // The reasons client-go assigns when a failed response carries no Status.
    private static string ReasonFor(HttpStatusCode code) => code switch
    {
        HttpStatusCode.BadRequest => "BadRequest",
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "NotFound",
        HttpStatusCode.MethodNotAllowed => "MethodNotAllowed",
        HttpStatusCode.NotAcceptable => "NotAcceptable",
        HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => "Timeout",
        HttpStatusCode.Conflict => "Conflict",
        HttpStatusCode.Gone => "Gone",
        HttpStatusCode.RequestEntityTooLarge => "RequestEntityTooLarge",
        HttpStatusCode.UnsupportedMediaType => "UnsupportedMediaType",
        HttpStatusCode.UnprocessableEntity => "Invalid",
        HttpStatusCode.TooManyRequests => "TooManyRequests",
        HttpStatusCode.InternalServerError => "InternalError",
        HttpStatusCode.ServiceUnavailable => "ServiceUnavailable",
        _ => "Unknown",
    };
}
