using System.Text;
using Orchestrator.Client.Config;
using Orchestrator.Client.Tests.Support;
using Xunit;

namespace Orchestrator.Client.Tests.Config;

public sealed class KubeconfigTests : IDisposable
{
    private const string CaPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    private readonly TempDirectory _dir = new();

    [Fact]
    public void Parses_clusters_users_contexts_and_the_current_context()
    {
        var yaml = $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: prod
              cluster:
                server: https://10.0.0.1:6443
                certificate-authority-data: {{B64(CaPem)}}
                tls-server-name: api.prod
            - name: dev
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority: pki/ca.crt
                insecure-skip-tls-verify: true
            users:
            - name: admin
              user:
                token: abc.def
            - name: node
              user:
                client-certificate-data: {{B64("CERT")}}
                client-key-data: {{B64("KEY")}}
                tokenFile: secrets/token
            contexts:
            - name: admin@prod
              context: {cluster: prod, user: admin, namespace: web}
            - name: node@dev
              context: {cluster: dev, user: node}
            current-context: admin@prod
            preferences: {}
            """;

        var config = Kubeconfig.Parse(yaml, "/etc/orchestrator");

        Assert.Equal("admin@prod", config.CurrentContext);
        Assert.Equal(new KubeconfigCluster { Server = "https://10.0.0.1:6443", CertificateAuthorityData = CaPem, TlsServerName = "api.prod" }, config.Clusters["prod"]);
        Assert.Equal(new KubeconfigCluster { Server = "https://127.0.0.1:6443", CertificateAuthority = "/etc/orchestrator/pki/ca.crt", InsecureSkipTlsVerify = true }, config.Clusters["dev"]);
        Assert.Equal(new KubeconfigUser { Token = "abc.def" }, config.Users["admin"]);
        Assert.Equal(new KubeconfigUser { ClientCertificateData = "CERT", ClientKeyData = "KEY", TokenFile = "/etc/orchestrator/secrets/token" }, config.Users["node"]);
        Assert.Equal(new KubeconfigContext { Cluster = "prod", User = "admin", Namespace = "web" }, config.Contexts["admin@prod"]);
        Assert.Equal(new KubeconfigContext { Cluster = "dev", User = "node" }, config.Contexts["node@dev"]);
    }

    [Fact]
    public void Parses_json_too()
    {
        var json = $$$"""
            {"apiVersion":"v1","kind":"Config",
             "clusters":[{"name":"c","cluster":{"server":"https://h:1","certificate-authority-data":"{{{B64(CaPem)}}}"}}],
             "users":[{"name":"u","user":{"token":"t"}}],
             "contexts":[{"name":"x","context":{"cluster":"c","user":"u"}}],
             "current-context":"x"}
            """;

        var settings = Kubeconfig.Parse(json).ToClientSettings();

        Assert.Equal(new Uri("https://h:1"), settings.Server);
        Assert.Equal(CaPem, settings.CertificateAuthorityPem);
        Assert.Equal("t", settings.Token);
        Assert.Equal("default", settings.Namespace);
    }

    [Fact]
    public void Client_settings_come_from_the_named_context_reading_referenced_files()
    {
        File.WriteAllText(_dir.File("ca.crt"), CaPem);
        File.WriteAllText(_dir.File("kubeconfig"), """
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:6443", certificate-authority: ca.crt}
            users:
            - name: u
              user: {tokenFile: token}
            contexts:
            - name: one
              context: {cluster: c, user: u, namespace: team}
            - name: anonymous
              context: {cluster: c}
            current-context: one
            """);
        var config = Kubeconfig.Load(_dir.File("kubeconfig"));

        var settings = config.ToClientSettings();
        var anonymous = config.ToClientSettings("anonymous");

        Assert.Equal(CaPem, settings.CertificateAuthorityPem);
        Assert.Equal(_dir.File("token"), settings.TokenFile);
        Assert.Equal("team", settings.Namespace);
        Assert.Null(anonymous.Token);
        Assert.Null(anonymous.TokenFile);
        Assert.Throws<InvalidOperationException>(() => config.ToClientSettings("missing"));
    }

    [Fact]
    public void Incomplete_kubeconfigs_are_refused_with_a_reason()
    {
        Assert.Throws<InvalidOperationException>(() => Kubeconfig.Parse("clusters: []").ToClientSettings());
        Assert.Throws<InvalidOperationException>(() => Kubeconfig.Parse("""
            contexts: [{name: x, context: {cluster: nowhere}}]
            current-context: x
            """).ToClientSettings());
        Assert.Throws<InvalidOperationException>(() => Kubeconfig.Parse("""
            clusters: [{name: c, cluster: {server: "not a url"}}]
            contexts: [{name: x, context: {cluster: c}}]
            current-context: x
            """).ToClientSettings());
        Assert.Throws<InvalidDataException>(() => Kubeconfig.Parse("clusters: [{cluster: {server: x}}]"));
        Assert.Throws<InvalidDataException>(() => Kubeconfig.Parse("clusters: [{name: c, cluster: {certificate-authority-data: '%%%'}}]"));
        Assert.Throws<InvalidDataException>(() => Kubeconfig.Parse("clusters: [unclosed"));
    }

    [Fact]
    public void Write_then_load_round_trips_and_the_file_is_private()
    {
        var path = _dir.File("sub/admin.conf");

        Kubeconfig.Write(path, "https://127.0.0.1:6443", CaPem, "tok3n", "orchestrator", "admin");
        var text = File.ReadAllText(path);
        var settings = Kubeconfig.Load(path).ToClientSettings();

        Assert.Contains("apiVersion: v1", text, StringComparison.Ordinal);
        Assert.Contains("kind: Config", text, StringComparison.Ordinal);
        Assert.Contains("current-context: admin@orchestrator", text, StringComparison.Ordinal);
        Assert.Equal(new Uri("https://127.0.0.1:6443"), settings.Server);
        Assert.Equal(CaPem, settings.CertificateAuthorityPem);
        Assert.Equal("tok3n", settings.Token);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Empty(Directory.GetFiles(_dir.File("sub"), "*.tmp"));
    }

    [Fact]
    public void Save_keeps_every_field()
    {
        var config = new Kubeconfig
        {
            Clusters = new Dictionary<string, KubeconfigCluster>
            {
                ["a"] = new() { Server = "https://a:1", CertificateAuthorityData = CaPem, TlsServerName = "api.a" },
                ["b"] = new() { Server = "http://b:2", CertificateAuthority = "/pki/b.crt", InsecureSkipTlsVerify = true },
            },
            Users = new Dictionary<string, KubeconfigUser>
            {
                ["u"] = new() { Token = "true", TokenFile = "/t" },
                ["v"] = new() { ClientCertificateData = "C", ClientKeyData = "K", ClientCertificate = "/c", ClientKey = "/k" },
            },
            Contexts = new Dictionary<string, KubeconfigContext>
            {
                ["x"] = new() { Cluster = "a", User = "u", Namespace = "ns" },
                ["y"] = new() { Cluster = "b", User = "v" },
            },
            CurrentContext = "y",
        };

        config.Save(_dir.File("config"));
        var back = Kubeconfig.Load(_dir.File("config"));

        Assert.Equal(config.CurrentContext, back.CurrentContext);
        Assert.Equal(config.Clusters, back.Clusters);
        Assert.Equal(config.Users, back.Users);
        Assert.Equal(config.Contexts, back.Contexts);
    }

    [Fact]
    public void Load_default_merges_the_files_of_KUBECONFIG_with_the_first_winning()
    {
        Kubeconfig.Write(_dir.File("one"), "https://one:1", CaPem, "token-one", "c", "u");
        File.WriteAllText(_dir.File("two"), """
            clusters: [{name: c, cluster: {server: "https://two:2"}}, {name: d, cluster: {server: "https://two:3"}}]
            users: [{name: w, user: {token: token-two}}]
            contexts: [{name: other, context: {cluster: d, user: w}}]
            current-context: other
            """);
        var previous = Environment.GetEnvironmentVariable(Kubeconfig.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(Kubeconfig.EnvironmentVariable, string.Join(Path.PathSeparator, _dir.File("missing"), _dir.File("one"), _dir.File("two")));

            var config = Kubeconfig.LoadDefault();

            Assert.Equal("u@c", config.CurrentContext);
            Assert.Equal("https://one:1", config.Clusters["c"].Server);
            Assert.Equal("https://two:3", config.ToClientSettings("other").Server.AbsoluteUri.TrimEnd('/'));
            Assert.Equal("token-two", config.ToClientSettings("other").Token);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Kubeconfig.EnvironmentVariable, previous);
        }
    }

    public void Dispose() => _dir.Dispose();

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
