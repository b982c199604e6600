using System.Security.Cryptography.X509Certificates;

namespace Orchestrator.Client.Tests.Support;

/// <summary>Reads the key identifiers that tie a certificate to its issuer.</summary>
internal static class KeyIdentifiers
{
    public static string? SubjectKeyIdentifier(this X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier;

    public static string? AuthorityKeyIdentifier(this X509Certificate2 certificate)
    {
        var aki = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single();
        return aki.KeyIdentifier is { } id ? Convert.ToHexString(id.Span) : null;
    }
}
