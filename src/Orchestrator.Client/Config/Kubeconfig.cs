using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Client.IO;
using Orchestrator.Client.Yaml;

namespace Orchestrator.Client.Config;

/// <summary>
/// A kubeconfig file (apiVersion v1, kind Config): named clusters, users and contexts and the current context.
/// Reads what kubectl writes (YAML or JSON) and writes what kubectl reads. Relative file paths are resolved
/// against the file's directory, as kubectl does.
/// </summary>
public sealed class Kubeconfig
{
    public const string EnvironmentVariable = "KUBECONFIG";

    public IReadOnlyDictionary<string, KubeconfigCluster> Clusters { get; init; } = new Dictionary<string, KubeconfigCluster>();

    public IReadOnlyDictionary<string, KubeconfigUser> Users { get; init; } = new Dictionary<string, KubeconfigUser>();

    public IReadOnlyDictionary<string, KubeconfigContext> Contexts { get; init; } = new Dictionary<string, KubeconfigContext>();

    public string? CurrentContext { get; init; }

    /// <summary>~/.kube/config.</summary>
    public static string DefaultPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");

    public static Kubeconfig Load(string path)
    {
        var full = Path.GetFullPath(path);
        return Parse(File.ReadAllText(full), Path.GetDirectoryName(full));
    }

    /// <summary>
    /// The kubeconfig kubectl would use: the files listed in KUBECONFIG (merged, the first to define a name
    /// or the current context wins; missing files are skipped), otherwise ~/.kube/config.
    /// </summary>
    /// <exception cref="FileNotFoundException">No kubeconfig file exists.</exception>
    public static Kubeconfig LoadDefault()
    {
        var list = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(list))
        {
            return Load(DefaultPath);
        }

        var files = list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(File.Exists)
            .ToList();
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"none of the files in {EnvironmentVariable} exists: {list}");
        }

        return files.Select(Load).Aggregate(Merge);
    }

    /// <summary>Parses kubeconfig text; <paramref name="baseDirectory"/> anchors relative file paths.</summary>
    /// <exception cref="InvalidDataException">The text is not a valid kubeconfig.</exception>
    public static Kubeconfig Parse(string text, string? baseDirectory = null)
    {
        JsonNode? root;
        try
        {
            root = YamlToJson.Parse(text);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidDataException($"kubeconfig is not valid YAML: {e.Message}", e);
        }

        if (root is null)
        {
            return new Kubeconfig();
        }

        if (root is not JsonObject obj)
        {
            throw new InvalidDataException("kubeconfig must be a mapping");
        }

        return new Kubeconfig
        {
            Clusters = NamedEntries(obj, "clusters", "cluster", e => ReadCluster(e, baseDirectory)),
            Users = NamedEntries(obj, "users", "user", e => ReadUser(e, baseDirectory)),
            Contexts = NamedEntries(obj, "contexts", "context", ReadContext),
            CurrentContext = NullIfEmpty(String(obj, "current-context")),
        };
    }

    /// <summary>
    /// Writes a kubeconfig with one cluster (CA embedded), one token user and a context joining them as the
    /// current context; mode 0600, replaced atomically.
    /// </summary>
    public static void Write(string path, string server, string caPem, string token, string clusterName = "orchestrator", string userName = "admin")
    {
        ArgumentException.ThrowIfNullOrEmpty(server);
        ArgumentException.ThrowIfNullOrEmpty(clusterName);
        ArgumentException.ThrowIfNullOrEmpty(userName);
        var contextName = $"{userName}@{clusterName}";
        new Kubeconfig
        {
            Clusters = new Dictionary<string, KubeconfigCluster> { [clusterName] = new() { Server = server, CertificateAuthorityData = caPem } },
            Users = new Dictionary<string, KubeconfigUser> { [userName] = new() { Token = token } },
            Contexts = new Dictionary<string, KubeconfigContext> { [contextName] = new() { Cluster = clusterName, User = userName } },
            CurrentContext = contextName,
        }.Save(path);
    }

    /// <summary>Writes this kubeconfig as YAML (mode 0600: it holds credentials), replacing the file atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToYaml(), isPrivate: true);

    public string ToYaml()
    {
        var root = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Config",
            ["preferences"] = new JsonObject(),
            ["clusters"] = Entries(Clusters, "cluster", WriteCluster),
            ["users"] = Entries(Users, "user", WriteUser),
            ["contexts"] = Entries(Contexts, "context", WriteContext),
            ["current-context"] = CurrentContext ?? string.Empty,
        };
        return JsonToYaml.Serialize(root);
    }

    /// <summary>The connection settings of a context (the current one when <paramref name="contextName"/> is null).</summary>
    /// <exception cref="InvalidOperationException">The context, its cluster or its user is missing or incomplete.</exception>
    public KubeClientSettings ToClientSettings(string? contextName = null)
    {
        var name = contextName ?? CurrentContext;
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidOperationException("the kubeconfig has no current-context and none was given");
        }

        if (!Contexts.TryGetValue(name, out var context))
        {
            throw new InvalidOperationException($"context \"{name}\" is not in the kubeconfig");
        }

        if (!Clusters.TryGetValue(context.Cluster, out var cluster))
        {
            throw new InvalidOperationException($"cluster \"{context.Cluster}\" of context \"{name}\" is not in the kubeconfig");
        }

        var user = new KubeconfigUser();
        if (context.User.Length > 0 && !Users.TryGetValue(context.User, out user))
        {
            throw new InvalidOperationException($"user \"{context.User}\" of context \"{name}\" is not in the kubeconfig");
        }

        if (!Uri.TryCreate(cluster.Server, UriKind.Absolute, out var server) || (server.Scheme != Uri.UriSchemeHttps && server.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException($"cluster \"{context.Cluster}\" has no valid http(s) server URL: \"{cluster.Server}\"");
        }

        return new KubeClientSettings
        {
            Server = server,
            CertificateAuthorityPem = cluster.CertificateAuthorityData ?? ReadOptional(cluster.CertificateAuthority),
            InsecureSkipTlsVerify = cluster.InsecureSkipTlsVerify,
            TlsServerName = cluster.TlsServerName,
            Token = user!.Token,
            TokenFile = user.TokenFile,
            ClientCertificatePem = user.ClientCertificateData ?? ReadOptional(user.ClientCertificate),
            ClientKeyPem = user.ClientKeyData ?? ReadOptional(user.ClientKey),
            Namespace = string.IsNullOrEmpty(context.Namespace) ? "default" : context.Namespace,
        };
    }

    private static Kubeconfig Merge(Kubeconfig first, Kubeconfig second)
    {
        static Dictionary<string, T> Union<T>(IReadOnlyDictionary<string, T> a, IReadOnlyDictionary<string, T> b)
        {
            var result = new Dictionary<string, T>(a, StringComparer.Ordinal);
            foreach (var (key, value) in b)
            {
                result.TryAdd(key, value);
            }

            return result;
        }

        return new Kubeconfig
        {
            Clusters = Union(first.Clusters, second.Clusters),
            Users = Union(first.Users, second.Users),
            Contexts = Union(first.Contexts, second.Contexts),
            CurrentContext = first.CurrentContext ?? second.CurrentContext,
        };
    }

    private static Dictionary<string, T> NamedEntries<T>(JsonObject root, string listName, string entryName, Func<JsonObject, T> read)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        switch (root[listName])
        {
            case null:
                return result;
            case JsonArray list:
                foreach (var item in list)
                {
                    var entry = item as JsonObject;
                    var name = entry is null ? null : String(entry, "name");
                    if (entry is null || string.IsNullOrEmpty(name))
                    {
                        throw new InvalidDataException($"every entry of {listName} needs a name");
                    }

                    var body = entry[entryName] as JsonObject ?? [];
                    result.TryAdd(name, read(body));
                }

                return result;
            default:
                throw new InvalidDataException($"{listName} must be a list");
        }
    }

    private static KubeconfigCluster ReadCluster(JsonObject e, string? baseDirectory) => new()
    {
        Server = String(e, "server"),
        CertificateAuthorityData = Base64(e, "certificate-authority-data"),
        CertificateAuthority = FilePath(e, "certificate-authority", baseDirectory),
        InsecureSkipTlsVerify = Bool(e, "insecure-skip-tls-verify"),
        TlsServerName = NullIfEmpty(String(e, "tls-server-name")),
    };

    private static KubeconfigUser ReadUser(JsonObject e, string? baseDirectory) => new()
    {
        Token = NullIfEmpty(String(e, "token")),
        TokenFile = FilePath(e, "tokenFile", baseDirectory),
        ClientCertificateData = Base64(e, "client-certificate-data"),
        ClientCertificate = FilePath(e, "client-certificate", baseDirectory),
        ClientKeyData = Base64(e, "client-key-data"),
        ClientKey = FilePath(e, "client-key", baseDirectory),
    };

    private static KubeconfigContext ReadContext(JsonObject e) => new()
    {
        Cluster = String(e, "cluster") ?? string.Empty,
        User = String(e, "user") ?? string.Empty,
        Namespace = NullIfEmpty(String(e, "namespace")),
    };

    private static JsonArray Entries<T>(IReadOnlyDictionary<string, T> entries, string entryName, Func<T, JsonObject> write) =>
        new(entries.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => (JsonNode)new JsonObject { ["name"] = e.Key, [entryName] = write(e.Value) })
            .ToArray());

    private static JsonObject WriteCluster(KubeconfigCluster c)
    {
        var o = new JsonObject();
        Put(o, "server", c.Server);
        Put(o, "certificate-authority-data", ToBase64(c.CertificateAuthorityData));
        Put(o, "certificate-authority", c.CertificateAuthority);
        if (c.InsecureSkipTlsVerify)
        {
            o["insecure-skip-tls-verify"] = true;
        }

        Put(o, "tls-server-name", c.TlsServerName);
        return o;
    }

    private static JsonObject WriteUser(KubeconfigUser u)
    {
        var o = new JsonObject();
        Put(o, "token", u.Token);
        Put(o, "tokenFile", u.TokenFile);
        Put(o, "client-certificate-data", ToBase64(u.ClientCertificateData));
        Put(o, "client-certificate", u.ClientCertificate);
        Put(o, "client-key-data", ToBase64(u.ClientKeyData));
        Put(o, "client-key", u.ClientKey);
        return o;
    }

    private static JsonObject WriteContext(KubeconfigContext c)
    {
        var o = new JsonObject { ["cluster"] = c.Cluster, ["user"] = c.User };
        Put(o, "namespace", c.Namespace);
        return o;
    }

    private static void Put(JsonObject o, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            o[key] = value;
        }
    }

    private static string? ToBase64(string? pem) => pem is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));

    private static string? String(JsonObject o, string key) => o[key] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        null => null,
        // A plain scalar such as a numeric name still means its text.
        var other => other.ToJsonString(),
    };

    private static bool Bool(JsonObject o, string key) => o[key] switch
    {
        JsonValue v when v.GetValueKind() is JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() is JsonValueKind.String => bool.TryParse(v.GetValue<string>(), out var b) && b,
        _ => false,
    };

    private static string? Base64(JsonObject o, string key)
    {
        var text = NullIfEmpty(String(o, key));
        if (text is null)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{key} is not valid base64", e);
        }
    }

    private static string? FilePath(JsonObject o, string key, string? baseDirectory)
    {
        var path = NullIfEmpty(String(o, key));
        if (path is null)
        {
            return null;
        }

        if (path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..]);
        }

        return Path.IsPathRooted(path) || baseDirectory is null ? path : Path.GetFullPath(Path.Combine(baseDirectory, path));
    }

    private static string? ReadOptional(string? path) => path is null ? null : File.ReadAllText(path);

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
