using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The worker node's features on real runtimes — containers on the private Docker engine and processes of the process
/// runtime, each pod in its own network namespace — driven through the API and real kubectl 1.32 and 1.27: pods run
/// to completion, crash-loop back-off, probes, env and volumes from ConfigMaps and Secrets, logs -f, exec and
/// port-forward. One <c>orchestrator up</c> per runtime serves the whole class.
/// </summary>
public sealed class WorkerNodeFeatureTests(WorkerNodeClusters clusters) : IClassFixture<WorkerNodeClusters>
{
    [Theory]
    [InlineData("docker")]
    [InlineData("process")]
    public async Task Pods_run_to_completion_as_their_restart_policy_says(string runtime)
    {
        var cluster = await clusters.GetAsync(runtime);
        await CreatePodAsync(cluster, Pod("done-ok", "Never", "echo done; exit 0"));
        await CreatePodAsync(cluster, Pod("done-fail", "Never", "echo failing; exit 3"));
        await CreatePodAsync(cluster, Pod("onfailure-ok", "OnFailure", "exit 0"));
        await CreatePodAsync(cluster, Pod("onfailure-fail", "OnFailure", "exit 5"));

        var ok = await WaitPodAsync(cluster, "done-ok", p => Phase(p) == "Succeeded");
        Assert.Equal((0, "Completed"), Terminated(ok, "state"));
        Assert.Equal("False", Condition(ok, "Ready"));
        Assert.Equal("PodCompleted", ok["status"]!["conditions"]!.AsArray().First(c => (string?)c!["type"] == "Ready")!["reason"]!.GetValue<string>());

        var failed = await WaitPodAsync(cluster, "done-fail", p => Phase(p) == "Failed");
        Assert.Equal((3, "Error"), Terminated(failed, "state"));
        Assert.Equal(0, RestartCount(failed));

        var onFailureOk = await WaitPodAsync(cluster, "onfailure-ok", p => Phase(p) == "Succeeded");
        Assert.Equal((0, "Completed"), Terminated(onFailureOk, "state"));
        Assert.Equal(0, RestartCount(onFailureOk));

        // OnFailure restarts a failing container (the pod stays Running, as Kubernetes' getPhase says) and keeps why it ended.
        var onFailure = await WaitPodAsync(cluster, "onfailure-fail", p => RestartCount(p) >= 1 && p["status"]?["containerStatuses"]?[0]?["lastState"]?["terminated"] is not null);
        Assert.Equal((5, "Error"), Terminated(onFailure, "lastState"));
        Assert.NotEqual("Failed", Phase(onFailure));
        Assert.NotEqual("Succeeded", Phase(onFailure));

        // A finished pod's logs stay readable until it is deleted.
        var kubectl = new Kubectl(Kubectl.V132, cluster.AdminConf);
        Assert.Equal("failing", (await kubectl.OkAsync("logs", "done-fail")).Trim());
        await kubectl.OkAsync("delete", "pod", "done-ok", "done-fail", "onfailure-ok", "onfailure-fail", "--grace-period=1", "--timeout=60s");
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("process")]
    public async Task A_crashing_container_is_restarted_on_the_crash_loop_back_off(string runtime)
    {
        var cluster = await clusters.GetAsync(runtime);
        await CreatePodAsync(cluster, Pod("crash", "Always", "echo crashing; exit 2"));

        // Poll the API and note when each restart shows up.
        var restarts = new List<(int Count, TimeSpan At)>();
        var sawBackOff = false;
        JsonNode pod = new JsonObject();
        var clock = Stopwatch.StartNew();
        while (restarts.Count == 0 || restarts[^1].Count < 5)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"restarts seen: {string.Join(", ", restarts)}");
            pod = await GetPodAsync(cluster, "crash");
            var count = RestartCount(pod);
            if (restarts.Count == 0 ? count > 0 : count > restarts[^1].Count)
            {
                restarts.Add((count, clock.Elapsed));
            }

            var waiting = pod["status"]?["containerStatuses"]?[0]?["state"]?["waiting"];
            if ((string?)waiting?["reason"] == "CrashLoopBackOff")
            {
                sawBackOff = true;
                Assert.Contains("back-off", (string?)waiting["message"] ?? "", StringComparison.Ordinal);
            }

            await Task.Delay(100);
        }

        Assert.True(sawBackOff, "the container never waited in CrashLoopBackOff");
        Assert.Equal((2, "Error"), Terminated(pod, "lastState"));
        Assert.True(restarts.Zip(restarts.Skip(1)).All(p => p.Second.Count == p.First.Count + 1), $"restarts skipped a count: {string.Join(", ", restarts)}");

        // The first restart is at once; then each waits the back-off: 2 s, 4 s, then 6 s (the shrunk maximum).
        TimeSpan[] expected = [WorkerNodeClusters.BackoffInitial, WorkerNodeClusters.BackoffInitial * 2, WorkerNodeClusters.BackoffMax, WorkerNodeClusters.BackoffMax];
        var gaps = restarts.Zip(restarts.Skip(1), (a, b) => b.At - a.At).ToList();
        for (var i = 0; i < Math.Min(gaps.Count, expected.Length); i++)
        {
            // Never sooner than the back-off, less the slack of seeing it through the API (the kubelet's status write
            // and this poll each trail the restart by up to half a second on a loaded machine); not much later (a
            // container's start). An immediate restart, the bug this catches, shows up within a few hundred ms.
            Assert.True(gaps[i] >= expected[i] - TimeSpan.FromSeconds(1) && gaps[i] <= expected[i] + TimeSpan.FromSeconds(4),
                $"restart {restarts[i + 1].Count} came {gaps[i].TotalSeconds:0.0} s after the one before, expected about {expected[i].TotalSeconds} s (all: {string.Join(", ", gaps.Select(g => g.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))})");
        }

        var kubectl = new Kubectl(Kubectl.V132, cluster.AdminConf);
        Assert.Equal("crashing", (await kubectl.OkAsync("logs", "crash", "--previous")).Trim());
        await kubectl.OkAsync("delete", "pod", "crash", "--grace-period=1", "--timeout=60s");
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("process")]
    public async Task Failing_liveness_probes_restart_the_container_and_failing_readiness_probes_make_the_pod_not_ready(string runtime)
    {
        var cluster = await clusters.GetAsync(runtime);
        var marker = $"/tmp/itw-ready-{Guid.NewGuid():N}";
        const string Httpd = "httpd -f -p 8080 -h /etc";
        await CreatePodAsync(cluster, Pod("live-exec", "Always", "sleep 3600", liveness: Exec("false")));
        await CreatePodAsync(cluster, Pod("live-http", "Always", Httpd, liveness: HttpGet("/missing")));
        await CreatePodAsync(cluster, Pod("healthy", "Always", Httpd, liveness: HttpGet("/passwd"), readiness: Exec("true")));
        await CreatePodAsync(cluster, Pod("unready-http", "Always", Httpd, readiness: HttpGet("/missing")));
        await CreatePodAsync(cluster, Pod("ready-exec", "Always", $"touch {marker}; exec sleep 3600", readiness: Exec("cat", marker)));

        // Liveness: three failures a second apart, then the container is killed and started again.
        foreach (var name in (string[])["live-exec", "live-http"])
        {
            var restarted = await WaitPodAsync(cluster, name, p => RestartCount(p) >= 1 && p["status"]?["containerStatuses"]?[0]?["lastState"]?["terminated"] is not null);
            Assert.NotEqual(0, Terminated(restarted, "lastState").ExitCode);
            // Events are recorded asynchronously (the recorder's own writes), so they may trail the status.
            var events = await EventsAsync(cluster, name, e => e.Reason == "Killing");
            Assert.Contains(events, e => e.Reason == "Unhealthy" && e.Message.StartsWith("Liveness probe failed", StringComparison.Ordinal));
            Assert.Contains(events, e => e.Reason == "Killing" && e.Message.Contains("failed liveness probe", StringComparison.Ordinal));
        }

        // Readiness: passing probes make the pod Ready; failing ones keep it not Ready while its container runs.
        var healthy = await WaitPodAsync(cluster, "healthy", p => Condition(p, "Ready") == "True");
        var unready = await WaitPodAsync(cluster, "unready-http", p => p["status"]?["containerStatuses"]?[0]?["state"]?["running"] is not null);
        await Task.Delay(TimeSpan.FromSeconds(4));
        unready = await GetPodAsync(cluster, "unready-http");
        Assert.Equal(("Running", "False", false), (Phase(unready), Condition(unready, "Ready"), (bool)unready["status"]!["containerStatuses"]![0]!["ready"]!));
        Assert.Equal("False", Condition(unready, "ContainersReady"));
        Assert.Equal(0, RestartCount(unready));
        Assert.Equal(0, RestartCount(await GetPodAsync(cluster, "healthy")));
        Assert.Equal("True", Condition(healthy, "Ready"));

        // A pod that was Ready becomes not Ready when its readiness probe starts failing, and Ready again after.
        var kubectl = new Kubectl(Kubectl.V132, cluster.AdminConf);
        await WaitPodAsync(cluster, "ready-exec", p => Condition(p, "Ready") == "True");
        await kubectl.OkAsync("exec", "ready-exec", "--", "rm", marker);
        await WaitPodAsync(cluster, "ready-exec", p => Condition(p, "Ready") == "False");
        await kubectl.OkAsync("exec", "ready-exec", "--", "touch", marker);
        var ready = await WaitPodAsync(cluster, "ready-exec", p => Condition(p, "Ready") == "True");
        Assert.Equal(0, RestartCount(ready));

        await kubectl.OkAsync("delete", "pod", "live-exec", "live-http", "healthy", "unready-http", "ready-exec", "--grace-period=1", "--timeout=60s");
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("process")]
    public async Task Env_comes_from_a_config_map_and_a_secret(string runtime)
    {
        var cluster = await clusters.GetAsync(runtime);
        await CreateConfigAsync(cluster, "env");
        var pod = Pod("env", "Always", "sleep 3600");
        var container = pod["spec"]!["containers"]![0]!.AsObject();
        container["env"] = new JsonArray(
            new JsonObject { ["name"] = "COLOR", ["valueFrom"] = new JsonObject { ["configMapKeyRef"] = new JsonObject { ["name"] = "env-config", ["key"] = "color" } } },
            new JsonObject { ["name"] = "PASSWORD", ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "env-secret", ["key"] = "password" } } },
            new JsonObject { ["name"] = "ABSENT", ["valueFrom"] = new JsonObject { ["configMapKeyRef"] = new JsonObject { ["name"] = "env-config", ["key"] = "nope", ["optional"] = true } } });
        container["envFrom"] = new JsonArray(
            new JsonObject { ["prefix"] = "CFG_", ["configMapRef"] = new JsonObject { ["name"] = "env-config" } },
            new JsonObject { ["secretRef"] = new JsonObject { ["name"] = "env-secret" } });
        await CreatePodAsync(cluster, pod);
        await WaitPodAsync(cluster, "env", p => Condition(p, "Ready") == "True");

        var kubectl = new Kubectl(Kubectl.V132, cluster.AdminConf);
        var env = (await kubectl.OkAsync("exec", "env", "--", "env")).Split('\n', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("COLOR=blue", env);
        Assert.Contains("PASSWORD=s3cret", env);
        Assert.Contains("CFG_color=blue", env);
        Assert.Contains("CFG_size=large", env);
        Assert.Contains("password=s3cret", env);
        Assert.DoesNotContain(env, line => line.StartsWith("ABSENT=", StringComparison.Ordinal));

        // A key that is not optional and missing keeps the container from being created, with the reason.
        var missing = Pod("env-missing", "Always", "sleep 3600");
        missing["spec"]!["containers"]![0]!["env"] = new JsonArray(
            new JsonObject { ["name"] = "X", ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "env-secret", ["key"] = "nope" } } });
        await CreatePodAsync(cluster, missing);
        await WaitPodAsync(cluster, "env-missing", p => (string?)p["status"]?["containerStatuses"]?[0]?["state"]?["waiting"]?["reason"] == "CreateContainerConfigError");
        await kubectl.OkAsync("delete", "pod", "env", "env-missing", "--grace-period=1", "--timeout=60s");
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("process")]
    public async Task Config_map_and_secret_volumes_are_mounted(string runtime)
    {
        var cluster = await clusters.GetAsync(runtime);
        await CreateConfigAsync(cluster, "vol");
        var pod = Pod("vol", "Always", "sleep 3600");
        pod["spec"]!["volumes"] = new JsonArray(
            new JsonObject { ["name"] = "config", ["configMap"] = new JsonObject { ["name"] = "vol-config" } },
            new JsonObject { ["name"] = "secret", ["secret"] = new JsonObject { ["secretName"] = "vol-secret", ["defaultMode"] = Convert.ToInt32("400", 8) } });
        pod["spec"]!["containers"]![0]!["volumeMounts"] = new JsonArray(
            new JsonObject { ["name"] = "config", ["mountPath"] = "/opt/itw-volumes/config" },
            new JsonObject { ["name"] = "secret", ["mountPath"] = "/opt/itw-volumes/secret", ["readOnly"] = true });
        await CreatePodAsync(cluster, pod);
        await WaitPodAsync(cluster, "vol", p => Condition(p, "Ready") == "True");

        var kubectl = new Kubectl(Kubectl.V132, cluster.AdminConf);
        Assert.Equal("blue", await kubectl.OkAsync("exec", "vol", "--", "cat", "/opt/itw-volumes/config/color"));
        Assert.Equal("large", await kubectl.OkAsync("exec", "vol", "--", "cat", "/opt/itw-volumes/config/size"));
        Assert.Equal("s3cret", await kubectl.OkAsync("exec", "vol", "--", "cat", "/opt/itw-volumes/secret/password"));
        // The files keep the modes the volume asks for (0644 by default, defaultMode 0400 for the secret); the mount is read-only.
        Assert.Equal("644 400", (await kubectl.OkAsync("exec", "vol", "--", "sh", "-c", "stat -L -c %a /opt/itw-volumes/config/color; stat -L -c %a /opt/itw-volumes/secret/password")).ReplaceLineEndings(" ").Trim());
        Assert.NotEqual(0, (await kubectl.RunAsync("exec", "vol", "--", "sh", "-c", "echo x > /opt/itw-volumes/secret/password")).ExitCode);
        if (runtime == "process")
        {
            // The process shares the machine's filesystem but its mounts are its own: the machine does not see them.
            Assert.False(File.Exists("/opt/itw-volumes/config/color"));
        }

        // A ConfigMap changed later reaches the mounted files (the kubelet's periodic sync rewrites them).
        await kubectl.OkAsync("patch", "configmap", "vol-config", "-p", """{"data":{"color":"green"}}""");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        string color;
        while ((color = await kubectl.OkAsync("exec", "vol", "--", "cat", "/opt/itw-volumes/config/color")) != "green" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
        }

        Assert.Equal("green", color);
        await kubectl.OkAsync("delete", "pod", "vol", "--grace-period=1", "--timeout=60s");
        if (runtime == "process")
        {
            // The mounts were the container's alone; the mount points it needed stay on the machine, empty.
            Assert.Empty(Directory.GetFiles("/opt/itw-volumes/config"));
            Directory.Delete("/opt/itw-volumes", recursive: true);
        }
    }

    [Theory]
    [InlineData("process")]
    public async Task The_projected_service_account_token_reaches_the_API_from_inside_a_pod(string runtime)
    {
        // An in-cluster client as client libraries do it: the token, CA and namespace from the mounted volume, the
        // server from KUBERNETES_SERVICE_HOST/PORT (here the API's own loopback address: no service proxy runs, so the
        // pod shares the node's network). The machine's python3 runs it: the process runtime's "host" image.
        var cluster = await clusters.GetAsync(runtime);
        const string Script = """
            import json, os, ssl, urllib.request
            d = "/var/run/secrets/kubernetes.io/serviceaccount/"
            ns = open(d + "namespace").read()
            context = ssl.create_default_context(cafile=d + "ca.crt")
            url = "https://%s:%s/api/v1/namespaces/%s/pods/sa-token" % (os.environ["KUBERNETES_SERVICE_HOST"], os.environ["KUBERNETES_SERVICE_PORT"], ns)
            request = urllib.request.Request(url, headers={"Authorization": "Bearer " + open(d + "token").read()})
            pod = json.load(urllib.request.urlopen(request, context=context))
            print("read", pod["metadata"]["name"], "as", pod["spec"]["serviceAccountName"])
            """;
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "sa-token" },
            ["spec"] = new JsonObject
            {
                ["restartPolicy"] = "Never",
                ["hostNetwork"] = true,
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "main",
                    ["image"] = "host",
                    ["command"] = new JsonArray("/usr/bin/python3", "-c", Script),
                    ["env"] = new JsonArray(
                        new JsonObject { ["name"] = "KUBERNETES_SERVICE_HOST", ["value"] = "127.0.0.1" },
                        new JsonObject { ["name"] = "KUBERNETES_SERVICE_PORT", ["value"] = cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
                }),
            },
        };
        await CreatePodAsync(cluster, pod);
        var done = await WaitPodAsync(cluster, "sa-token", p => Phase(p) is "Succeeded" or "Failed");
        var kubectl = new Kubectl(Kubectl.V132, cluster.AdminConf);
        var logs = await kubectl.OkAsync("logs", "sa-token");
        Assert.True(Phase(done) == "Succeeded", logs);
        Assert.Equal("read sa-token as default", logs.Trim());
        await kubectl.OkAsync("delete", "pod", "sa-token", "--timeout=60s");
    }

    [Theory]
    [InlineData("docker", Kubectl.V132)]
    [InlineData("docker", Kubectl.V127)]
    [InlineData("process", Kubectl.V132)]
    [InlineData("process", Kubectl.V127)]
    public async Task Kubectl_logs_follow_exec_and_port_forward_work_against_real_pods(string runtime, string binary)
    {
        var cluster = await clusters.GetAsync(runtime);
        var name = "talk-" + (binary == Kubectl.V132 ? "132" : "127");
        var pod = Pod(name, "Always", "i=0; while true; do echo line-$i; i=$((i+1)); sleep 0.3; done");
        pod["spec"]!["containers"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "web",
            ["image"] = "busybox:local",
            ["command"] = new JsonArray("httpd", "-f", "-p", "8080", "-h", "/etc"),
        });
        await CreatePodAsync(cluster, pod);
        await WaitPodAsync(cluster, name, p => Condition(p, "Ready") == "True");
        var kubectl = new Kubectl(binary, cluster.AdminConf);

        // logs -f: lines written after kubectl started arrive while it runs.
        var followed = await StreamAsync(binary, cluster.AdminConf, ["logs", "-f", name, "-c", "main"], TimeSpan.FromSeconds(4));
        var numbers = followed.Where(l => l.Line.StartsWith("line-", StringComparison.Ordinal)).Select(l => (N: int.Parse(l.Line[5..], System.Globalization.CultureInfo.InvariantCulture), l.At)).ToList();
        Assert.True(numbers.Count >= 5, $"logs -f gave: {string.Join('|', followed.Select(l => l.Line))}");
        Assert.Equal(Enumerable.Range(numbers[0].N, numbers.Count), numbers.Select(n => n.N));
        Assert.True(numbers[^1].At - numbers[0].At > TimeSpan.FromSeconds(2), "the lines did not arrive as they were written");

        // exec: output, error output, exit code, and stdin.
        var exec = await kubectl.RunAsync("exec", name, "-c", "web", "--", "sh", "-c", "echo out; echo err >&2; exit 7");
        Assert.Equal((7, "out", "err"), (exec.ExitCode, exec.Stdout.Trim(), exec.Stderr.Trim().Split('\n')[0]));
        var echoed = await RunWithInputAsync(binary, cluster.AdminConf, "hello from stdin\n", "exec", "-i", name, "-c", "web", "--", "cat");
        Assert.Equal((0, "hello from stdin"), (echoed.ExitCode, echoed.Stdout.Trim()));

        // port-forward: a local port that reaches the pod's port 8080, for more than one connection.
        var local = ClusterProcess.FreePort();
        var forward = await StreamAsync(binary, cluster.AdminConf, ["port-forward", $"pod/{name}", $"{local}:8080"], TimeSpan.FromSeconds(60), async saw =>
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!saw("Forwarding from 127.0.0.1"))
            {
                Assert.True(DateTime.UtcNow < deadline, "port-forward never said it was forwarding");
                await Task.Delay(100);
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            for (var i = 0; i < 3; i++)
            {
                Assert.Contains("root:", await http.GetStringAsync(new Uri($"http://127.0.0.1:{local}/passwd")), StringComparison.Ordinal);
            }

            using var missing = await http.GetAsync(new Uri($"http://127.0.0.1:{local}/missing"));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        });
        Assert.Contains(forward, l => l.Line.Contains("Handling connection for", StringComparison.Ordinal));
        await kubectl.OkAsync("delete", "pod", name, "--grace-period=1", "--timeout=60s");
    }

    private static JsonObject Pod(string name, string restartPolicy, string script, JsonObject? liveness = null, JsonObject? readiness = null)
    {
        var container = new JsonObject
        {
            ["name"] = "main",
            ["image"] = "busybox:local",
            ["command"] = new JsonArray("sh", "-c", script),
        };
        if (liveness is not null)
        {
            container["livenessProbe"] = liveness;
        }

        if (readiness is not null)
        {
            container["readinessProbe"] = readiness;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["restartPolicy"] = restartPolicy,
                ["terminationGracePeriodSeconds"] = 1,
                ["containers"] = new JsonArray(container),
            },
        };
    }

    private static JsonObject Exec(params string[] command) => Probe(new JsonObject { ["exec"] = new JsonObject { ["command"] = new JsonArray([.. command.Select(c => (JsonNode)c)]) } });

    private static JsonObject HttpGet(string path) => Probe(new JsonObject { ["httpGet"] = new JsonObject { ["path"] = path, ["port"] = 8080 } });

    private static JsonObject Probe(JsonObject handler)
    {
        handler["periodSeconds"] = 1;
        handler["failureThreshold"] = 2;
        return handler;
    }

    private static async Task CreatePodAsync(ClusterProcess cluster, JsonObject pod)
    {
        var (status, body) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", pod.ToJsonString());
        Assert.True(status == HttpStatusCode.Created, $"create pod: {status} {body}");
    }

    private static async Task CreateConfigAsync(ClusterProcess cluster, string prefix)
    {
        var (status, body) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            new JsonObject { ["metadata"] = new JsonObject { ["name"] = $"{prefix}-config" }, ["data"] = new JsonObject { ["color"] = "blue", ["size"] = "large" } }.ToJsonString());
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.Conflict, $"create configmap: {status} {body}");
        (status, body) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/secrets",
            new JsonObject { ["metadata"] = new JsonObject { ["name"] = $"{prefix}-secret" }, ["stringData"] = new JsonObject { ["password"] = "s3cret" } }.ToJsonString());
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.Conflict, $"create secret: {status} {body}");
    }

    private static async Task<JsonNode> GetPodAsync(ClusterProcess cluster, string name)
    {
        var (status, body) = await cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/pods/{name}");
        Assert.True(status == HttpStatusCode.OK, $"get pod {name}: {status} {body}");
        return body!;
    }

    private static async Task<JsonNode> WaitPodAsync(ClusterProcess cluster, string name, Func<JsonNode, bool> condition, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var pod = await GetPodAsync(cluster, name);
            if (condition(pod))
            {
                return pod;
            }

            Assert.True(DateTime.UtcNow < deadline, $"pod {name} never got there; its status: {pod["status"]?.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    /// <summary>The pod's Events, once one matches <paramref name="awaited"/> (or after 20 s, for the caller's asserts to say what is missing).</summary>
    private static async Task<List<(string Reason, string Message)>> EventsAsync(ClusterProcess cluster, string pod, Func<(string Reason, string Message), bool>? awaited = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var (_, body) = await cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/events?fieldSelector=involvedObject.name={pod}");
            List<(string Reason, string Message)> events = [.. body!["items"]!.AsArray().Select(e => ((string?)e!["reason"] ?? "", (string?)e["message"] ?? ""))];
            if (awaited is null || events.Any(awaited) || DateTime.UtcNow > deadline)
            {
                return events;
            }

            await Task.Delay(250);
        }
    }

    private static string? Phase(JsonNode pod) => (string?)pod["status"]?["phase"];

    private static int RestartCount(JsonNode pod) => (int?)pod["status"]?["containerStatuses"]?[0]?["restartCount"] ?? 0;

    private static string? Condition(JsonNode pod, string type) =>
        (string?)pod["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == type)?["status"];

    private static (int ExitCode, string? Reason) Terminated(JsonNode pod, string which)
    {
        var terminated = pod["status"]?["containerStatuses"]?[0]?[which]?["terminated"];
        Assert.True(terminated is not null, $"no {which}.terminated in {pod["status"]?.ToJsonString()}");
        return ((int)terminated["exitCode"]!, (string?)terminated["reason"]);
    }

    private static ProcessStartInfo KubectlStart(string binary, string kubeconfig, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in (string[])["--kubeconfig", kubeconfig, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static async Task<(int ExitCode, string Stdout)> RunWithInputAsync(string binary, string kubeconfig, string input, params string[] args)
    {
        using var process = Process.Start(KubectlStart(binary, kubeconfig, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout);
    }

    /// <summary>Runs a long-running kubectl, noting when each output line arrived; stops it after <paramref name="limit"/> or once <paramref name="meanwhile"/> is done.</summary>
    private static async Task<List<(string Line, TimeSpan At)>> StreamAsync(string binary, string kubeconfig, string[] args, TimeSpan limit, Func<Func<string, bool>, Task>? meanwhile = null)
    {
        var lines = new List<(string Line, TimeSpan At)>();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = KubectlStart(binary, kubeconfig, args) };
        void Add(string? line)
        {
            if (line is not null)
            {
                lock (lines)
                {
                    lines.Add((line, clock.Elapsed));
                }
            }
        }

        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (meanwhile is not null)
            {
                bool Saw(string prefix)
                {
                    lock (lines)
                    {
                        return lines.Any(l => l.Line.StartsWith(prefix, StringComparison.Ordinal));
                    }
                }

                await meanwhile(Saw).WaitAsync(limit);
            }
            else
            {
                await Task.Delay(limit);
            }

            Assert.False(process.HasExited, $"kubectl {string.Join(' ', args)} ended early: {string.Join('\n', lines.Select(l => l.Line))}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync();
        }

        lock (lines)
        {
            return [.. lines];
        }
    }
}
