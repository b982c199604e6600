namespace Orchestrator.Client;

/// <summary>
/// Everything a <see cref="KubeClient"/> needs to reach one API server, resolved from a kubeconfig context
/// (<see cref="Config.Kubeconfig.ToClientSettings"/>) or built directly.
/// </summary>
public sealed record KubeClientSettings
{
    public required Uri Server { get; init; }

    /// <summary>The CA bundle (PEM) that is the only trust anchor for the server; null uses the system's roots.</summary>
    public string? CertificateAuthorityPem { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>The name the server certificate must carry, when it differs from the URL's host.</summary>
    public string? TlsServerName { get; init; }

    public string? Token { get; init; }

    /// <summary>A file holding the bearer token; read again every minute so a rotated token is picked up.</summary>
    public string? TokenFile { get; init; }

    public string? ClientCertificatePem { get; init; }

    public string? ClientKeyPem { get; init; }

    /// <summary>The namespace used when a call on a namespaced resource names none.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>The limit for one request (a watch: until its response headers arrive).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public string UserAgent { get; init; } = "orchestrator-client/1.0";
}
