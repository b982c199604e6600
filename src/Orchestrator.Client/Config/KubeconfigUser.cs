namespace Orchestrator.Client.Config;

/// <summary>A kubeconfig <c>users[].user</c> entry: the credentials a client presents.</summary>
public sealed record KubeconfigUser
{
    /// <summary>A bearer token.</summary>
    public string? Token { get; init; }

    /// <summary>A file holding the bearer token (<c>tokenFile</c>), re-read as it may be rotated.</summary>
    public string? TokenFile { get; init; }

    /// <summary>A client certificate as PEM text (decoded from <c>client-certificate-data</c>).</summary>
    public string? ClientCertificateData { get; init; }

    public string? ClientCertificate { get; init; }

    /// <summary>The client certificate's private key as PEM text (decoded from <c>client-key-data</c>).</summary>
    public string? ClientKeyData { get; init; }

    public string? ClientKey { get; init; }
}
