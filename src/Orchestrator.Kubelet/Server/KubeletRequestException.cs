namespace Orchestrator.Kubelet.Server;

/// <summary>A request the kubelet's endpoint refuses: answered with a Status of that code, reason and message.</summary>
public sealed class KubeletRequestException : Exception
{
    public KubeletRequestException(int code, string reason, string message)
        : base(message)
    {
        Code = code;
        Reason = reason;
    }

    public KubeletRequestException()
        : this(500, "InternalError", "internal error")
    {
    }

    public KubeletRequestException(string message)
        : this(500, "InternalError", message)
    {
    }

    public KubeletRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public int Code { get; }

    public string Reason { get; } = "InternalError";

    public static KubeletRequestException BadRequest(string message) => new(400, "BadRequest", message);

    public static KubeletRequestException NotFound(string message) => new(404, "NotFound", message);
}
