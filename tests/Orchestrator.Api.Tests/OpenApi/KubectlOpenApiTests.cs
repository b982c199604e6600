using Orchestrator.Model.OpenApi;
using Xunit;

namespace Orchestrator.Api.Tests.OpenApi;

/// <summary>
/// The real kubectl binaries read the documents: <c>kubectl explain</c> through OpenAPI v3 (and v2
/// protobuf with <c>--output plaintext-openapiv2</c>), and <c>kubectl create --validate</c> through the
/// fieldValidation check (v3, falling back to v2) and, when the server does not validate, its own
/// validation against the v2 definitions.
/// </summary>
public sealed class KubectlOpenApiTests : IDisposable
{
    private const string ValidPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels:
            app: web
        spec:
          containers:
          - name: web
            image: nginx:1.27
            ports:
            - containerPort: 80
            resources:
              limits:
                cpu: 500m
                memory: 64Mi
            livenessProbe:
              httpGet:
                path: /
                port: 80
          volumes:
          - name: config
            configMap:
              name: web
        """;

    private readonly string _home = Directory.CreateTempSubdirectory("openapi-kubectl-").FullName;

    public static TheoryData<string> Versions => new() { "1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "default" };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Explain_lists_the_fields_of_pod_containers(string version)
    {
        await using var server = await OpenApiTestServer.StartAsync();
        var kubeconfig = server.WriteKubeconfig(Path.Combine(_home, "config"));

        var (exit, output, error) = await Kubectl.RunAsync(Kubectl.Binary(version), _home, "--kubeconfig", kubeconfig, "explain", "pod.spec.containers");

        Assert.True(exit == 0, $"kubectl {version} explain failed ({exit}): {error}\n{output}");
        Assert.Contains("KIND:", output, StringComparison.Ordinal);
        Assert.Contains("Pod", output, StringComparison.Ordinal);
        Assert.Contains("containers", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+image\s+<string>", output);
        Assert.Matches(@"(?m)^\s+name\s+<string> -required-", output);
        Assert.Matches(@"(?m)^\s+livenessProbe\s+<", output);
        Assert.Contains(server.Requests, r => r.PathAndQuery.StartsWith("/openapi/", StringComparison.Ordinal) && r.Authorization == $"Bearer {OpenApiTestServer.Token}");
    }

    [Theory]
    [InlineData("1.27")]
    [InlineData("1.32")]
    public async Task Explain_reads_the_v2_protobuf_document(string version)
    {
        await using var server = await OpenApiTestServer.StartAsync();
        var kubeconfig = server.WriteKubeconfig(Path.Combine(_home, "config"));

        var (exit, output, error) = await Kubectl.RunAsync(Kubectl.Binary(version), _home, "--kubeconfig", kubeconfig, "explain", "deployment.spec.template.spec.containers.ports", "--output", "plaintext-openapiv2");

        Assert.True(exit == 0, $"kubectl {version} explain failed ({exit}): {error}\n{output}");
        Assert.Contains("Deployment", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+containerPort\s+<integer> -required-", output);
        Assert.Contains(server.Requests, r => r.PathAndQuery == "/openapi/v2" && r.Accept.Contains(GnosticProtobuf.AcceptMediaType, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Create_leaves_validation_to_the_server_that_lists_fieldValidation(string version)
    {
        await using var server = await OpenApiTestServer.StartAsync();
        var kubeconfig = server.WriteKubeconfig(Path.Combine(_home, "config"));

        var valid = await CreateDryRunAsync(version, kubeconfig, ValidPod);
        var typo = await CreateDryRunAsync(version, kubeconfig, ValidPod.Replace("image:", "imagee:", StringComparison.Ordinal));

        Assert.True(valid.ExitCode == 0, $"kubectl {version}: {valid.Error}");
        Assert.Contains("pod/web created (dry run)", valid.Output, StringComparison.Ordinal);

        // The documents say the server validates (fieldValidation=Strict), so kubectl does not.
        Assert.True(typo.ExitCode == 0, $"kubectl {version}: {typo.Error}");
        Assert.Contains(server.Requests, r => r.PathAndQuery.StartsWith("/openapi/v3/api/v1", StringComparison.Ordinal) || r.PathAndQuery == "/openapi/v2");
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Create_validates_against_the_definitions_when_the_server_does_not(string version)
    {
        await using var server = await OpenApiTestServer.StartAsync(new OpenApiOptions { FieldValidation = false });
        var kubeconfig = server.WriteKubeconfig(Path.Combine(_home, "config"));

        var valid = await CreateDryRunAsync(version, kubeconfig, ValidPod);
        var typo = await CreateDryRunAsync(version, kubeconfig, ValidPod.Replace("image:", "imagee:", StringComparison.Ordinal));
        var missing = await CreateDryRunAsync(version, kubeconfig, ValidPod.Replace("- name: web\n    image", "- image", StringComparison.Ordinal));

        Assert.True(valid.ExitCode == 0, $"kubectl {version} rejected a valid pod: {valid.Error}");
        Assert.Contains("pod/web created (dry run)", valid.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, typo.ExitCode);
        Assert.Contains("unknown field \"imagee\"", typo.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("missing required field \"name\"", missing.Error, StringComparison.Ordinal);
        Assert.Contains(server.Requests, r => r.PathAndQuery == "/openapi/v2" && r.Accept.Contains(GnosticProtobuf.AcceptMediaType, StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private async Task<(int ExitCode, string Output, string Error)> CreateDryRunAsync(string version, string kubeconfig, string manifest)
    {
        var file = Path.Combine(_home, $"pod-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, manifest);
        return await Kubectl.RunAsync(Kubectl.Binary(version), _home, "--kubeconfig", kubeconfig, "create", "-f", file, "--dry-run=client", "--validate=true");
    }
}
