namespace Orchestrator.Model.Patching;

/// <summary>
/// A patch could not be applied. <see cref="StatusCode"/> is the HTTP status Kubernetes answers with:
/// 400 for a malformed patch document, 422 for a patch that does not apply to the object
/// (and 413 for a JSON patch with too many operations).
/// </summary>
public sealed class PatchException : Exception
{
    public const int BadRequest = 400;
    public const int UnprocessableEntity = 422;

    public PatchException()
        : this("the patch could not be applied")
    {
    }

    public PatchException(string message)
        : this(message, UnprocessableEntity)
    {
    }

    public PatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = UnprocessableEntity;
    }

    public PatchException(string message, int statusCode)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>400 (bad patch document), 422 (does not apply) or 413 (too many operations).</summary>
    public int StatusCode { get; }
}
