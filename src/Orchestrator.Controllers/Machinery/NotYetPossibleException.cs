namespace Orchestrator.Controllers.Machinery;

/// <summary>
/// A reconcile that cannot finish now for a reason its message says fully (a resource exhausted, say): retried with
/// back-off like any failure, and logged by its message alone, without a stack trace, as the API's refusals are.
/// </summary>
public class NotYetPossibleException : Exception
{
    public NotYetPossibleException()
    {
    }

    public NotYetPossibleException(string message)
        : base(message)
    {
    }

    public NotYetPossibleException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
