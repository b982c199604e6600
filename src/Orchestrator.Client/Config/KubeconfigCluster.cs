namespace Orchestrator.Client.Config;

/// <summary>A kubeconfig <c>clusters[].cluster</c> entry: where the API server is and how to trust it.</summary>
public sealed record KubeconfigCluster
{
    /// <summary>The API server's base URL, such as https://127.0.0.1:6443.</summary>
    public string? Server { get; init; }

    /// <summary>The cluster CA as PEM text (decoded from <c>certificate-authority-data</c>).</summary>
    public string? CertificateAuthorityData { get; init; }

    /// <summary>A PEM file holding the cluster CA (<c>certificate-authority</c>), absolute once loaded.</summary>
    public string? CertificateAuthority { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>The name to check the server certificate against instead of the URL's host (<c>tls-server-name</c>).</summary>
    public string? TlsServerName { get; init; }
}
