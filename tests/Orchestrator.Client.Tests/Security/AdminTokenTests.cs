using System.Buffers.Text;
using Orchestrator.Client.Security;
using Orchestrator.Client.Tests.Support;
using Xunit;

namespace Orchestrator.Client.Tests.Security;

public sealed class AdminTokenTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Creates_a_random_url_safe_32_byte_token_in_a_private_file()
    {
        var token = AdminToken.LoadOrCreate(_dir.Path);

        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(32, Base64Url.DecodeFromChars(token).Length);
        Assert.Equal(token, File.ReadAllText(_dir.File("admin.token")).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File("admin.token")));
        }

        using var other = new TempDirectory();
        Assert.NotEqual(token, AdminToken.LoadOrCreate(other.Path));
    }

    [Fact]
    public void Returns_the_stored_token_on_later_calls()
    {
        var first = AdminToken.LoadOrCreate(_dir.Path);

        Assert.Equal(first, AdminToken.LoadOrCreate(_dir.Path));
    }

    [Fact]
    public void Creates_the_data_directory_and_tightens_a_loose_file()
    {
        var dataDir = _dir.File("new/data");
        var token = AdminToken.LoadOrCreate(dataDir);
        Assert.True(Directory.Exists(dataDir));

        if (!OperatingSystem.IsWindows())
        {
            var path = Path.Combine(dataDir, "admin.token");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

            Assert.Equal(token, AdminToken.LoadOrCreate(dataDir));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    public void Dispose() => _dir.Dispose();
}
