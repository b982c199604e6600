using System.Net.Http.Headers;

namespace Orchestrator.Client.Http;

/// <summary>
/// Adds "Authorization: Bearer …" to every request. A token file is re-read at most once a minute so a
/// rotated token (a projected service account token, a renewed join token) is picked up, as client-go does.
/// </summary>
internal sealed class BearerTokenHandler : DelegatingHandler
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    private readonly string? _tokenFile;
    private string? _token;
    private DateTime _readAt = DateTime.MinValue;

    public BearerTokenHandler(string? token, string? tokenFile, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        _token = token;
        _tokenFile = tokenFile;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && CurrentToken() is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return base.SendAsync(request, cancellationToken);
    }

    private string? CurrentToken()
    {
        if (_tokenFile is null || DateTime.UtcNow - _readAt < RefreshInterval)
        {
            return _token;
        }

        try
        {
            _token = File.ReadAllText(_tokenFile).Trim();
        }
        catch (IOException)
        {
            // Keep the last token: the file may be mid-rotation; the server says 401 if it is really gone.
        }

        _readAt = DateTime.UtcNow;
        return _token;
    }
}
