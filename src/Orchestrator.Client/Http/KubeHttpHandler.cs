using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Orchestrator.Client.Http;

/// <summary>
/// Builds the connection handler of a <see cref="KubeClient"/>: pooled keep-alive connections (HTTP/2 over TLS
/// when the server offers it, with pings, several connections when one's streams fill up), TCP keepalive so a
/// dead peer under a long watch is noticed, the cluster CA as the only trust anchor, and a client certificate.
/// </summary>
internal static class KubeHttpHandler
{
    public static SocketsHttpHandler Create(KubeClientSettings settings, ServerCertificateValidator? validator)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            EnableMultipleHttp2Connections = true,

            // A watch given up mid-stream never ends by itself: close its connection rather than drain it.
            MaxResponseDrainSize = 0,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = ConnectAsync,
        };

        if (settings.Server.Scheme != Uri.UriSchemeHttps)
        {
            return handler;
        }

        var ssl = new SslClientAuthenticationOptions();
        if (settings.InsecureSkipTlsVerify)
        {
            // The kubeconfig's insecure-skip-tls-verify: the user asked for no verification, as kubectl honours it.
#pragma warning disable CA5359
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (validator is not null)
        {
            ssl.RemoteCertificateValidationCallback = validator.Validate;
        }

        if (!string.IsNullOrEmpty(settings.ClientCertificatePem))
        {
            ssl.ClientCertificates = [LoadClientCertificate(settings.ClientCertificatePem, settings.ClientKeyPem)];
        }

        handler.SslOptions = ssl;
        return handler;
    }

    private static X509Certificate2 LoadClientCertificate(string certificatePem, string? keyPem)
    {
        using var ephemeral = X509Certificate2.CreateFromPem(certificatePem, keyPem ?? certificatePem);

        // A PKCS#12 round trip gives the key a form every platform's TLS stack can use.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 10);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
