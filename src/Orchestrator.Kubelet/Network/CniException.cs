namespace Orchestrator.Kubelet.Network;

/// <summary>
/// A CNI plugin failed: the spec's error object (<c>code</c>, <c>msg</c>, <c>details</c>) it printed, or a plugin that
/// could not run or printed no error object (code 999, the spec's "unknown error").
/// </summary>
public sealed class CniException : Exception
{
    public CniException()
        : this("a CNI plugin failed")
    {
    }

    public CniException(string message)
        : base(message)
    {
    }

    public CniException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CniException(string plugin, string command, int code, string msg, string? details)
        : base($"CNI plugin {plugin} failed on {command}: {msg}{(string.IsNullOrEmpty(details) ? "" : $" ({details})")} [code {code}]")
    {
        Plugin = plugin;
        Command = command;
        Code = code;
        Msg = msg;
        Details = details;
    }

    /// <summary>The plugin's type (binary name).</summary>
    public string? Plugin { get; }

    /// <summary>ADD, DEL or CHECK.</summary>
    public string? Command { get; }

    /// <summary>The spec's error code: 1 incompatible version, 2 unsupported field, 3 unknown container, 4 invalid
    /// environment, 5 I/O failure, 6 decoding failure, 7 invalid configuration, 11 try again later, 999 unknown.</summary>
    public int Code { get; }

    public string? Msg { get; }

    public string? Details { get; }
}
