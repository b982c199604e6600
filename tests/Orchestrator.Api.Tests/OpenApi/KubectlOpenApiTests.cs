using System.Text.Json.Nodes;
using Orchestrator.Model.OpenApi;
using Xunit;
using Xunit.Abstractions;

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
    private readonly ITestOutputHelper _output;

    public KubectlOpenApiTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Versions => new() { "1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "default" };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Explain_lists_the_fields_of_pod_containers(string version)
    {
        await using var server = await OpenApiTestServer.StartAsync();
        var kubeconfig = server.WriteKubeconfig(Path.Combine(_home, "config"));

        var (exit, output, error) = await Kubectl.RunAsync(Kubectl.Binary(version), _home, "--kubeconfig", kubeconfig, "explain", "pod.spec.containers");
        _output.WriteLine(output);

        Assert.True(exit == 0, $"kubectl {version} explain failed ({exit}): {error}\n{output}");
        Assert.Contains("KIND:", output, StringComparison.Ordinal);
        Assert.Contains("Pod", output, StringComparison.Ordinal);
        Assert.Contains("containers", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+image\s+<string>", output);
        Assert.Matches(@"(?m)^\s+name\s+<string> -required-", output);
        Assert.Matches(@"(?m)^\s+livenessProbe\s+<", output);
        Assert.Contains(server.Requests, r => r.Path.StartsWith("/openapi/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1.27")]
    [InlineData("1.32")]
    public async Task Explain_reads_the_v2_protobuf_document(string version)
    {
        await using var server = await OpenApiTestServer.StartAsync();
        var kubeconfig = server.WriteKubeconfig(Path.Combine(_home, "config"));

        var (exit, output, error) = await Kubectl.RunAsync(Kubectl.Binary(version), _home, "--kubeconfig", kubeconfig, "explain", "deployment.spec.template.spec.containers.ports", "--output", "plaintext-openapiv2");
        _output.WriteLine(output);

        Assert.True(exit == 0, $"kubectl {version} explain failed ({exit}): {error}\n{output}");
        Assert.Contains("Deployment", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+containerPort\s+<integer> -required-", output);
        Assert.Contains(server.Requests, r => r.Path == "/openapi/v2" && r.Accept.Contains(GnosticProtobuf.AcceptMediaType, StringComparison.Ordinal));
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
        Assert.Contains(server.Requests, r => r.Path is "/openapi/v3/api/v1" or "/openapi/v2");
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

        _output.WriteLine(typo.Error + missing.Error);
        Assert.True(valid.ExitCode == 0, $"kubectl {version} rejected a valid pod: {valid.Error}");
        Assert.Contains("pod/web created (dry run)", valid.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, typo.ExitCode);
        Assert.Contains("unknown field \"imagee\"", typo.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("missing required field \"name\"", missing.Error, StringComparison.Ordinal);
        Assert.Contains(server.Requests, r => r.Path == "/openapi/v2" && r.Accept.Contains(GnosticProtobuf.AcceptMediaType, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Apply_computes_a_strategic_merge_patch_from_the_merge_keys_and_asks_for_strict_validation(string version)
    {
        await using var server = await OpenApiTestServer.StartAsync();
        var kubeconfig = server.WriteKubeconfig(Path.Combine(_home, "config"));
        var applied = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},"spec":{"containers":[{"image":"nginx:1.26","name":"web"}]}}""";
        var live = JsonNode.Parse(applied)!.AsObject();
        live["metadata"]!["annotations"] = new JsonObject { ["kubectl.kubernetes.io/last-applied-configuration"] = applied };
        live["metadata"]!["uid"] = "0c0a4ad3-5f60-4bd5-9b3c-1b0f5d1ab1c2";
        live["metadata"]!["resourceVersion"] = "7";
        server.Objects["/api/v1/namespaces/default/pods/web"] = live;
        var file = Path.Combine(_home, "pod.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              namespace: default
            spec:
              containers:
              - name: web
                image: nginx:1.27
              - name: sidecar
                image: busybox
            """);

        var (exit, output, error) = await Kubectl.RunAsync(Kubectl.Binary(version), _home, "--kubeconfig", kubeconfig, "apply", "-f", file);

        Assert.True(exit == 0, $"kubectl {version} apply failed ({exit}): {error}\n{output}");
        Assert.DoesNotContain("warning", error, StringComparison.OrdinalIgnoreCase);
        var patch = Assert.Single(server.Patches);
        _output.WriteLine($"{patch.ContentType} {patch.Query}\n{patch.Body}");
        Assert.Equal("application/strategic-merge-patch+json", patch.ContentType);
        Assert.Contains("fieldValidation=Strict", patch.Query, StringComparison.Ordinal);

        // Containers merge by name: the patch names their order and carries only what changed.
        var spec = JsonNode.Parse(patch.Body)!["spec"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"name":"web"},{"name":"sidecar"}]"""), spec["$setElementOrder/containers"]), patch.Body);
        Assert.Contains(spec["containers"]!.AsArray(), c => (string?)c!["name"] == "web" && (string?)c["image"] == "nginx:1.27");
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private async Task<(int ExitCode, string Output, string Error)> CreateDryRunAsync(string version, string kubeconfig, string manifest)
    {
        var file = Path.Combine(_home, $"pod-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, manifest);
        return await Kubectl.RunAsync(Kubectl.Binary(version), _home, "--kubeconfig", kubeconfig, "create", "-f", file, "--dry-run=client", "--validate=true");
    }
}
