using System.Text;
using Orchestrator.Client;
using Orchestrator.Kubelet.Runtime;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Kubelet.Tests.Pods;

/// <summary>What a PodActor gives its containers: environment, volumes, the service-account token, DNS, resources.</summary>
public sealed class PodActorConfigTests(ITestOutputHelper output) : PodActorTestBase(output)
{
    [Fact]
    public async Task Env_comes_from_values_fieldRefs_ConfigMaps_Secrets_and_envFrom_with_VAR_expansion()
    {
        await Client.CreateAsync(ResourceRef.ConfigMaps, Json("""{"metadata":{"name":"settings","namespace":"default"},"data":{"color":"blue","size":"xl"}}"""));
        await Client.CreateAsync(ResourceRef.Secrets, Json("""{"metadata":{"name":"creds","namespace":"default"},"data":{"password":"czNjcjN0"}}"""));
        await RunPodAsync("env", """
            {"containers":[{"name":"app","image":"busybox:local",
              "command":["echo","$(GREETING)","$$(GREETING)","$(UNDEFINED)"],
              "envFrom":[{"configMapRef":{"name":"settings"},"prefix":"CFG_"}],
              "env":[
                {"name":"NAME","value":"world"},
                {"name":"GREETING","value":"hello $(NAME) in $(POD_NS)"},
                {"name":"POD_NS","valueFrom":{"fieldRef":{"fieldPath":"metadata.namespace"}}},
                {"name":"POD_NAME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},
                {"name":"APP_LABEL","valueFrom":{"fieldRef":{"fieldPath":"metadata.labels['app']"}}},
                {"name":"NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}},
                {"name":"POD_IP","valueFrom":{"fieldRef":{"fieldPath":"status.podIP"}}},
                {"name":"HOST_IP","valueFrom":{"fieldRef":{"fieldPath":"status.hostIP"}}},
                {"name":"COLOR","valueFrom":{"configMapKeyRef":{"name":"settings","key":"color"}}},
                {"name":"PASSWORD","valueFrom":{"secretKeyRef":{"name":"creds","key":"password"}}},
                {"name":"OPTIONAL","valueFrom":{"configMapKeyRef":{"name":"absent","key":"x","optional":true}}},
                {"name":"MEM","valueFrom":{"resourceFieldRef":{"resource":"limits.memory","divisor":"1Mi"}}}],
              "resources":{"limits":{"cpu":"500m","memory":"64Mi"},"requests":{"cpu":"250m","memory":"64Mi"}}}]}
            """);

        await WaitForPodAsync("env", p => Phase(p) == "Running");
        var config = Runtime.Containers().Single().Config;
        var env = config.Env.ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal("hello world in $(POD_NS)", env["GREETING"]); // POD_NS is defined after GREETING
        Assert.Equal("default", env["POD_NS"]);
        Assert.Equal("env", env["POD_NAME"]);
        Assert.Equal("env", env["APP_LABEL"]);
        Assert.Equal(NodeName, env["NODE"]);
        Assert.Equal("100.64.0.1", env["POD_IP"]);
        Assert.Equal("127.0.0.1", env["HOST_IP"]);
        Assert.Equal("blue", env["COLOR"]);
        Assert.Equal("s3cr3t", env["PASSWORD"]);
        Assert.Equal("blue", env["CFG_color"]);
        Assert.Equal("xl", env["CFG_size"]);
        Assert.Equal("64", env["MEM"]);
        Assert.False(env.ContainsKey("OPTIONAL"));
        Assert.Equal(["echo", "hello world in $(POD_NS)", "$(GREETING)", "$(UNDEFINED)"], config.Command);
        Assert.Equal(500, config.CpuLimitMillis);
        Assert.Equal(250, config.CpuRequestMillis);
        Assert.Equal(64L * 1024 * 1024, config.MemoryLimitBytes);
    }

    [Fact]
    public async Task Services_of_the_namespace_become_environment_variables_unless_links_are_off_and_explicit_env_wins()
    {
        var web = await Client.CreateAsync(ResourceRef.Services, Json("""{"metadata":{"name":"web-front","namespace":"default"},"spec":{"ports":[{"name":"http","port":80}]}}"""));
        var ip = web["spec"]!["clusterIP"]!.GetValue<string>();
        await Client.CreateAsync(ResourceRef.Services, Json("""{"metadata":{"name":"db","namespace":"default"},"spec":{"ports":[{"port":5432}]}}"""));
        await RunPodAsync("links", """
            {"containers":[{"name":"app","image":"busybox:local",
              "env":[{"name":"DB_SERVICE_PORT","value":"mine"},{"name":"URL","value":"http://$(WEB_FRONT_SERVICE_HOST):$(WEB_FRONT_SERVICE_PORT_HTTP)/"}]}]}
            """);
        await WaitForPodAsync("links", p => Phase(p) == "Running");
        var env = Runtime.Containers().Single().Config.Env.ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal(ip, env["WEB_FRONT_SERVICE_HOST"]);
        Assert.Equal("80", env["WEB_FRONT_SERVICE_PORT"]);
        Assert.Equal("80", env["WEB_FRONT_SERVICE_PORT_HTTP"]);
        Assert.Equal($"tcp://{ip}:80", env["WEB_FRONT_PORT"]);
        Assert.Equal($"tcp://{ip}:80", env["WEB_FRONT_PORT_80_TCP"]);
        Assert.Equal(("tcp", "80", ip), (env["WEB_FRONT_PORT_80_TCP_PROTO"], env["WEB_FRONT_PORT_80_TCP_PORT"], env["WEB_FRONT_PORT_80_TCP_ADDR"]));
        Assert.Equal("mine", env["DB_SERVICE_PORT"]);
        Assert.Equal($"http://{ip}:80/", env["URL"]);

        await RunPodAsync("nolinks", """{"enableServiceLinks":false,"containers":[{"name":"app","image":"busybox:local"}]}""");
        await WaitForPodAsync("nolinks", p => Phase(p) == "Running");
        var without = Runtime.Containers().Single(c => c.Config.Env.All(e => e.Key != "URL")).Config.Env;
        Assert.DoesNotContain(without, e => e.Key.StartsWith("WEB_FRONT_", StringComparison.Ordinal) || e.Key.StartsWith("DB_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_ConfigMap_key_shows_CreateContainerConfigError_until_it_exists()
    {
        await RunPodAsync("noconfig", """
            {"containers":[{"name":"app","image":"busybox:local","env":[{"name":"X","valueFrom":{"configMapKeyRef":{"name":"later","key":"x"}}}]}]}
            """);

        var pod = await WaitForPodAsync("noconfig", p => WaitingReason(p, "app") == "CreateContainerConfigError");
        Assert.Contains("configmap \"later\" not found", ContainerStatus(pod, "app")!["state"]!["waiting"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(Runtime.Containers());

        await Client.CreateAsync(ResourceRef.ConfigMaps, Json("""{"metadata":{"name":"later","namespace":"default"},"data":{"x":"1"}}"""));
        await WaitForPodAsync("noconfig", p => Phase(p) == "Running");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ConfigMap_and_Secret_volumes_are_files_with_their_modes_mounted_with_subPath_and_readOnly()
    {
        await Client.CreateAsync(ResourceRef.ConfigMaps, Json("""{"metadata":{"name":"files","namespace":"default"},"data":{"a.conf":"alpha","b.conf":"beta"}}"""));
        await Client.CreateAsync(ResourceRef.Secrets, Json("""{"metadata":{"name":"keys","namespace":"default"},"data":{"key":"a2V5ZGF0YQ=="}}"""));
        var (pod, _) = await RunPodAsync("vols", """
            {"volumes":[
               {"name":"cfg","configMap":{"name":"files","items":[{"key":"b.conf","path":"nested/b.conf","mode":384}]}},
               {"name":"all","configMap":{"name":"files"}},
               {"name":"sec","secret":{"secretName":"keys","defaultMode":256}},
               {"name":"none","secret":{"secretName":"absent","optional":true}},
               {"name":"scratch","emptyDir":{}},
               {"name":"info","downwardAPI":{"items":[{"path":"labels","fieldRef":{"fieldPath":"metadata.labels"}}]}}],
             "containers":[{"name":"app","image":"busybox:local","volumeMounts":[
               {"name":"cfg","mountPath":"/etc/cfg","readOnly":true},
               {"name":"all","mountPath":"/etc/a.conf","subPath":"a.conf"},
               {"name":"sec","mountPath":"/etc/sec"},
               {"name":"scratch","mountPath":"/work"},
               {"name":"info","mountPath":"/etc/info"}]}]}
            """);

        await WaitForPodAsync("vols", p => Phase(p) == "Running");
        var mounts = Runtime.Containers().Single().Config.Mounts.ToDictionary(m => m.ContainerPath);
        var cfg = mounts["/etc/cfg"];
        Assert.True(cfg.ReadOnly);
        Assert.Equal("beta", File.ReadAllText(Path.Combine(cfg.HostPath, "nested/b.conf")));
        Assert.False(File.Exists(Path.Combine(cfg.HostPath, "a.conf")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(cfg.HostPath, "nested/b.conf")));
        Assert.Equal("alpha", File.ReadAllText(mounts["/etc/a.conf"].HostPath));
        Assert.Equal("keydata", File.ReadAllText(Path.Combine(mounts["/etc/sec"].HostPath, "key")));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.Combine(mounts["/etc/sec"].HostPath, "key")));
        Assert.True(Directory.Exists(mounts["/work"].HostPath));
        Assert.Equal("app=\"vols\"", File.ReadAllText(Path.Combine(mounts["/etc/info"].HostPath, "labels")));
        Assert.StartsWith(Path.Combine(RootDirectory, "pods", KubeObject.Uid(pod)!), cfg.HostPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_account_token_ca_and_namespace_are_mounted_unless_automount_is_off()
    {
        await RunPodAsync("sa", """{"containers":[{"name":"app","image":"busybox:local"}]}""");
        await RunPodAsync("nosa", """{"automountServiceAccountToken":false,"containers":[{"name":"other","image":"busybox:local"}]}""");

        await WaitForPodAsync("sa", p => Phase(p) == "Running");
        await WaitForPodAsync("nosa", p => Phase(p) == "Running");
        var app = Runtime.Containers().Single(c => c.Config.Name == "app").Config;
        var mount = Assert.Single(app.Mounts, m => m.ContainerPath == "/var/run/secrets/kubernetes.io/serviceaccount");
        Assert.True(mount.ReadOnly);
        var token = File.ReadAllText(Path.Combine(mount.HostPath, "token"));
        Assert.Equal(3, token.Split('.').Length); // a signed JWT from the TokenRequest API
        var claims = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(token.Split('.')[1])));
        Assert.Contains("system:serviceaccount:default:default", claims, StringComparison.Ordinal);
        Assert.Contains("\"sa\"", claims, StringComparison.Ordinal); // bound to the pod
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(Path.Combine(mount.HostPath, "ca.crt")), StringComparison.Ordinal);
        Assert.Equal("default", File.ReadAllText(Path.Combine(mount.HostPath, "namespace")));
        Assert.DoesNotContain(Runtime.Containers().Single(c => c.Config.Name == "other").Config.Mounts, m => m.ContainerPath.StartsWith("/var/run/secrets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClusterFirst_pods_resolve_through_the_cluster_DNS_with_their_namespace_search_path()
    {
        await RunPodAsync("dns", """{"dnsConfig":{"options":[{"name":"ndots","value":"2"}],"searches":["example.test"]},"containers":[{"name":"app","image":"busybox:local"}]}""");
        await WaitForPodAsync("dns", p => Phase(p) == "Running");

        var dns = Runtime.LastSandboxConfig!.Dns!;
        Assert.Equal(["100.96.0.10"], dns.Nameservers);
        Assert.Equal(["default.svc.cluster.local", "svc.cluster.local", "cluster.local", "example.test"], dns.Searches);
        Assert.Equal(["ndots:2"], dns.Options);
        Assert.Equal("dns", Runtime.LastSandboxConfig.Hostname);
        Assert.Equal("POD", Runtime.LastSandboxConfig.Labels[RuntimeLabels.ContainerName]);
    }

    [Fact]
    public async Task A_changed_ConfigMap_reaches_the_running_pods_volume_on_the_next_sync_without_a_new_token()
    {
        await Client.CreateAsync(ResourceRef.ConfigMaps, Json("""{"metadata":{"name":"live","namespace":"default"},"data":{"level":"1"}}"""));
        await RunPodAsync("live", """{"volumes":[{"name":"cfg","configMap":{"name":"live"}}],"containers":[{"name":"app","image":"busybox:local","volumeMounts":[{"name":"cfg","mountPath":"/cfg"}]}]}""");
        await WaitForPodAsync("live", p => Phase(p) == "Running");
        var mounts = Runtime.Containers().Single().Config.Mounts;
        var file = Path.Combine(mounts.Single(m => m.ContainerPath == "/cfg").HostPath, "level");
        var tokenFile = Path.Combine(mounts.Single(m => m.ContainerPath.EndsWith("serviceaccount", StringComparison.Ordinal)).HostPath, "token");
        var token = File.ReadAllText(tokenFile);
        Assert.Equal("1", File.ReadAllText(file));

        var cm = await Client.GetAsync(ResourceRef.ConfigMaps, "default", "live");
        cm["data"]!["level"] = "2";
        await Client.UpdateAsync(ResourceRef.ConfigMaps, cm);

        await WaitForAsync(() => File.ReadAllText(file) == "2", "the file's update", TimeSpan.FromSeconds(15));
        Assert.Equal(token, File.ReadAllText(tokenFile));
        Assert.Single(Runtime.StartsSnapshot());
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
    }
}
