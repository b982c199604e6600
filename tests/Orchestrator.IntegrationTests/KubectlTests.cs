using System.Text.Json.Nodes;
using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>The scenario a user runs with kubectl, with kubectl 1.32 and 1.27, asserted on their real output.</summary>
public sealed class KubectlTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterProcess _cluster;

    public KubectlTests(ClusterFixture fixture) => _cluster = fixture.Cluster;

    public static TheoryData<string> Versions => new() { Kubectl.V132, Kubectl.V127 };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Version_and_api_resources(string binary)
    {
        var kubectl = new Kubectl(binary, _cluster.AdminConf);
        var version = await kubectl.OkAsync("version");
        Assert.Contains("Server Version", version, StringComparison.Ordinal);
        Assert.Contains("v1.32.0", version, StringComparison.Ordinal);
        var resources = await kubectl.OkAsync("api-resources");
        foreach (var expected in (string[])["pods", "namespaces", "configmaps", "deployments", "services", "leases"])
        {
            Assert.Contains(expected, resources, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Apply_edit_label_scale_replace_watch_delete(string binary)
    {
        var kubectl = new Kubectl(binary, _cluster.AdminConf);
        var ns = binary == Kubectl.V132 ? "kubectl-132" : "kubectl-127";
        Assert.Contains($"namespace/{ns} created", await kubectl.OkAsync("create", "namespace", ns), StringComparison.Ordinal);

        var manifest = Path.Combine(_cluster.DataDir, $"web-{ns}.yaml");
        var sample = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "samples", "web.yaml"));
        await File.WriteAllTextAsync(manifest, sample);
        var applied = await kubectl.OkAsync("apply", "-n", ns, "-f", manifest);
        Assert.Contains("configmap/web-config created", applied, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/web created", applied, StringComparison.Ordinal);
        Assert.Contains("service/web created", applied, StringComparison.Ordinal);

        var again = await kubectl.OkAsync("apply", "-n", ns, "-f", manifest);
        Assert.Contains("deployment.apps/web unchanged", again, StringComparison.Ordinal);
        Assert.Contains("service/web unchanged", again, StringComparison.Ordinal);
        Assert.Contains("configmap/web-config unchanged", again, StringComparison.Ordinal);

        // Edit: a new image, and the MODE variable dropped from the manifest.
        var edited = sample.Replace("image: busybox:local", "image: busybox:edited", StringComparison.Ordinal)
            .Replace("        - name: MODE\n          value: demo\n", "", StringComparison.Ordinal);
        await File.WriteAllTextAsync(manifest, edited);
        Assert.Contains("deployment.apps/web configured", await kubectl.OkAsync("apply", "-n", ns, "-f", manifest), StringComparison.Ordinal);
        var deployment = JsonNode.Parse(await kubectl.OkAsync("get", "deployment", "web", "-n", ns, "-o", "json"))!;
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("busybox:edited", container["image"]!.GetValue<string>());
        Assert.Equal(["GREETING"], container["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
        Assert.Equal(2, deployment["metadata"]!["generation"]!.GetValue<int>());

        var wide = await kubectl.OkAsync("get", "deploy,rs,pods,svc", "-o", "wide", "-n", ns);
        Assert.Contains("deployment.apps/web", wide, StringComparison.Ordinal);
        Assert.Contains("service/web", wide, StringComparison.Ordinal);
        Assert.Contains("CLUSTER-IP", wide, StringComparison.Ordinal);

        Assert.Contains("pod/hello created", await kubectl.OkAsync("apply", "-n", ns, "-f", Path.Combine(RepositoryRoot, "samples", "pod.yaml")), StringComparison.Ordinal);
        var yaml = await kubectl.OkAsync("get", "pod", "hello", "-n", ns, "-o", "yaml");
        Assert.Contains("name: hello", yaml, StringComparison.Ordinal);
        Assert.Contains("restartPolicy: Always", yaml, StringComparison.Ordinal);
        Assert.Contains("phase: Pending", yaml, StringComparison.Ordinal);

        Assert.Contains("pod/hello labeled", await kubectl.OkAsync("label", "pod", "hello", "tier=backend", "-n", ns), StringComparison.Ordinal);
        // kubectl 1.27 prints "annotate", later versions "annotated".
        Assert.Contains("pod/hello annotate", await kubectl.OkAsync("annotate", "pod", "hello", "note=checked", "-n", ns), StringComparison.Ordinal);
        Assert.Contains("note", await kubectl.OkAsync("get", "pod", "hello", "-n", ns, "-o", "jsonpath={.metadata.annotations}"), StringComparison.Ordinal);
        var labels = await kubectl.OkAsync("get", "pod", "hello", "-n", ns, "--show-labels");
        Assert.Contains("app=hello,tier=backend", labels, StringComparison.Ordinal);

        Assert.Contains("deployment.apps/web scaled", await kubectl.OkAsync("scale", "deployment", "web", "--replicas=5", "-n", ns), StringComparison.Ordinal);
        Assert.Equal("5", await kubectl.OkAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}"));

        // replace with a stale resourceVersion: Kubernetes' conflict text.
        var stale = Path.Combine(_cluster.DataDir, $"stale-{ns}.yaml");
        await File.WriteAllTextAsync(stale, await kubectl.OkAsync("get", "configmap", "web-config", "-n", ns, "-o", "yaml"));
        await kubectl.OkAsync("label", "configmap", "web-config", "touched=yes", "-n", ns);
        var (code, _, stderr) = await kubectl.RunAsync("replace", "-f", stale);
        Assert.NotEqual(0, code);
        Assert.Contains("the object has been modified; please apply your changes to the latest version and try again", stderr, StringComparison.Ordinal);

        var watched = await kubectl.RunForAsync(
            TimeSpan.FromSeconds(2),
            () => kubectl.OkAsync("run", "watched", "--image=busybox:local", "-n", ns),
            "get", "pods", "--watch", "-n", ns);
        Assert.Contains("hello", watched, StringComparison.Ordinal);
        Assert.Contains("watched", watched, StringComparison.Ordinal);

        var deleted = await kubectl.OkAsync("delete", "-n", ns, "-f", manifest);
        Assert.Contains("deployment.apps \"web\" deleted", deleted, StringComparison.Ordinal);
        Assert.Contains("service \"web\" deleted", deleted, StringComparison.Ordinal);
        var (gone, _, notFound) = await kubectl.RunAsync("get", "deployment", "web", "-n", ns);
        Assert.NotEqual(0, gone);
        Assert.Contains("NotFound", notFound, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Server_side_apply_creates_updates_prunes_and_reports_conflicts(string binary)
    {
        var kubectl = new Kubectl(binary, _cluster.AdminConf);
        var ns = binary == Kubectl.V132 ? "ssa-132" : "ssa-127";
        await kubectl.OkAsync("create", "namespace", ns);
        var manifest = Path.Combine(_cluster.DataDir, $"ssa-{ns}.yaml");
        const string config = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              labels:
                app: demo
            data:
              mode: fast
              level: "3"
            """;
        await File.WriteAllTextAsync(manifest, config);
        Assert.Contains("configmap/settings serverside-applied", await kubectl.OkAsync("apply", "--server-side", "-n", ns, "-f", manifest), StringComparison.Ordinal);
        var first = JsonNode.Parse(await kubectl.OkAsync("get", "configmap", "settings", "-n", ns, "-o", "json"))!;

        // The same configuration again changes nothing, not even the resourceVersion.
        await kubectl.OkAsync("apply", "--server-side", "-n", ns, "-f", manifest);
        var same = JsonNode.Parse(await kubectl.OkAsync("get", "configmap", "settings", "-n", ns, "-o", "json"))!;
        Assert.Equal(first["metadata"]!["resourceVersion"]!.GetValue<string>(), same["metadata"]!["resourceVersion"]!.GetValue<string>());

        // A key dropped from the configuration is removed; a changed one changes.
        await File.WriteAllTextAsync(manifest, config.Replace("\n  level: \"3\"", "", StringComparison.Ordinal).Replace("fast", "slow", StringComparison.Ordinal));
        await kubectl.OkAsync("apply", "--server-side", "-n", ns, "-f", manifest);
        var pruned = JsonNode.Parse(await kubectl.OkAsync("get", "configmap", "settings", "-n", ns, "-o", "json", "--show-managed-fields"))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"mode":"slow"}"""), pruned["data"]));
        var managers = pruned["metadata"]!["managedFields"]!.AsArray();
        Assert.Equal("kubectl", Assert.Single(managers)!["manager"]!.GetValue<string>());

        // Another manager changing a field kubectl applied: a conflict kubectl explains, until forced.
        await File.WriteAllTextAsync(manifest, config.Replace("fast", "other", StringComparison.Ordinal));
        var (code, _, error) = await kubectl.RunAsync("apply", "--server-side", "--field-manager=tuner", "-n", ns, "-f", manifest);
        Assert.NotEqual(0, code);
        Assert.Contains("conflict with \"kubectl\"", error, StringComparison.Ordinal);
        Assert.Contains(".data.mode", error, StringComparison.Ordinal);
        await kubectl.OkAsync("apply", "--server-side", "--field-manager=tuner", "--force-conflicts", "-n", ns, "-f", manifest);
        Assert.Equal("other", (await kubectl.OkAsync("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.mode}")).Trim());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task A_pod_whose_quantities_came_as_JSON_numbers_lists_as_Kubernetes_strings(string binary)
    {
        // Stored as numbers, such quantities broke every Go client's list of pods ("cannot unmarshal number").
        var kubectl = new Kubectl(binary, _cluster.AdminConf);
        var ns = binary == Kubectl.V132 ? "quantities-132" : "quantities-127";
        await kubectl.OkAsync("create", "namespace", ns);
        var (status, created) = await _cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", """
            {"metadata": {"name": "numbers"},
             "spec": {"containers": [{"name": "c", "image": "busybox:local",
                                      "resources": {"requests": {"cpu": 0.5, "memory": 1e9}, "limits": {"cpu": 1e400, "memory": 1500000000}}}],
                      "volumes": [{"name": "scratch", "emptyDir": {"sizeLimit": 1.5e9}}]}}
            """);
        Assert.True(status == System.Net.HttpStatusCode.Created, created?.ToJsonString());

        var yaml = await kubectl.OkAsync("get", "pods", "-A", "-o", "yaml");
        Assert.Contains("cpu: 500m", yaml, StringComparison.Ordinal);
        Assert.Contains("numbers", await kubectl.OkAsync("get", "pods", "-A"), StringComparison.Ordinal);

        // As Kubernetes stores them: resource.Quantity's canonical strings.
        var pods = JsonNode.Parse(await kubectl.OkAsync("get", "pods", "-A", "-o", "json"))!["items"]!.AsArray();
        var pod = pods.Single(p => p!["metadata"]!["namespace"]!.GetValue<string>() == ns && p["metadata"]!["name"]!.GetValue<string>() == "numbers")!;
        Assert.Equal(
            """{"limits":{"cpu":"10e399","memory":"1500M"},"requests":{"cpu":"500m","memory":"1e9"}}""",
            pod["spec"]!["containers"]![0]!["resources"]!.ToJsonString());
        Assert.Equal("1500e6", pod["spec"]!["volumes"]![0]!["emptyDir"]!["sizeLimit"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Wait_for_a_condition_that_never_comes_gives_up_at_its_timeout(string binary)
    {
        // Nothing runs the pod, so it never becomes Ready: kubectl wait must end at its own timeout,
        // which it can only do once the watch it waits on has answered its headers.
        var kubectl = new Kubectl(binary, _cluster.AdminConf);
        var ns = binary == Kubectl.V132 ? "wait-132" : "wait-127";
        await kubectl.OkAsync("create", "namespace", ns);
        await kubectl.OkAsync("run", "never-ready", "--image=busybox:local", "-n", ns);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, stderr, killed) = await kubectl.RunWithinAsync(TimeSpan.FromSeconds(20), "wait", "--for=condition=Ready", "pod/never-ready", "--timeout=3s", "-n", ns);
        Assert.False(killed, $"kubectl wait --timeout=3s was still waiting after 20 s: {stderr}");
        Assert.NotEqual(0, code);
        Assert.Contains("timed out", stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"kubectl wait --timeout=3s took {clock.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Auth_can_i_answers_for_the_admin(string binary)
    {
        var kubectl = new Kubectl(binary, _cluster.AdminConf);
        Assert.Equal("yes", (await kubectl.OkAsync("auth", "can-i", "delete", "deployments")).Trim());
        // kubectl 1.27 asks authentication.k8s.io/v1beta1, 1.32 v1.
        Assert.Contains("kubernetes-admin", await kubectl.OkAsync("auth", "whoami"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Explain_describes_pod_containers(string binary)
    {
        var kubectl = new Kubectl(binary, _cluster.AdminConf);
        var explained = await kubectl.OkAsync("explain", "pod.spec.containers");
        Assert.Contains("image", explained, StringComparison.Ordinal);
        Assert.Contains("imagePullPolicy", explained, StringComparison.Ordinal);
    }

    private static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("the repository root was not found");
        }
    }
}
