using System.Buffers.Text;
using System.Security.Cryptography;
using Orchestrator.Client.IO;

namespace Orchestrator.Client.Security;

/// <summary>
/// The cluster administrator's bearer token: 32 random bytes, URL-safe base64, kept in DATA/admin.token
/// (mode 0600) so every restart of the same cluster accepts the same admin.conf.
/// </summary>
public static class AdminToken
{
    public const string FileName = "admin.token";

    public static string LoadOrCreate(string dataDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        var path = Path.Combine(dataDir, FileName);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
            {
                RestrictToOwner(path);
                return existing;
            }
        }

        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        AtomicFile.WriteAllText(path, token + "\n", isPrivate: true);
        return token;
    }

    /// <summary>Takes back any group or world access a copied or hand-made file may have been given.</summary>
    private static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)) != 0)
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
