using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class PodDefaultingTests
{
    private readonly PodStrategy _strategy = new();

    private JsonObject Defaulted(string json)
    {
        var pod = Json(json);
        _strategy.Default(pod);
        return pod;
    }

    [Fact]
    public void A_minimal_pod_gets_every_default_Kubernetes_gives_it()
    {
        var pod = Defaulted("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},
             "spec":{"containers":[{"name":"web","image":"nginx:1.25","ports":[{"containerPort":80}]}]}}
            """);

        var expected = Json("""
            {
              "containers": [{
                "name": "web", "image": "nginx:1.25",
                "ports": [{"containerPort": 80, "protocol": "TCP"}],
                "imagePullPolicy": "IfNotPresent",
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "resources": {}
              }],
              "dnsPolicy": "ClusterFirst",
              "restartPolicy": "Always",
              "securityContext": {},
              "terminationGracePeriodSeconds": 30,
              "schedulerName": "default-scheduler",
              "enableServiceLinks": true,
              "serviceAccountName": "default",
              "serviceAccount": "default",
              "priority": 0,
              "preemptionPolicy": "PreemptLowerPriority",
              "tolerations": [
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
              ]
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, pod["spec"]), pod["spec"]!.ToJsonString());

        // Defaults read back as whatever integer type a consumer asks for.
        Assert.Equal(30, Orchestrator.Model.Objects.KubeObject.GetInt64(pod, "spec", "terminationGracePeriodSeconds"));
        Assert.Equal(300, pod["spec"]!["tolerations"]![0]!["tolerationSeconds"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("nginx:1.25", "IfNotPresent")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent")]
    [InlineData("nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "Always")]
    [InlineData("localhost:5000/team/app", "Always")]
    [InlineData("localhost:5000/team/app:v2", "IfNotPresent")]
    [InlineData("registry.example.com:443/app:latest", "Always")]
    [InlineData("busybox:local", "IfNotPresent")]
    [InlineData("Nginx", "IfNotPresent")]
    public void Image_pull_policy_follows_the_tag(string image, string policy)
    {
        var pod = Defaulted($$$"""{"spec":{"containers":[{"name":"c","image":"{{{image}}}"}]}}""");

        Assert.Equal(policy, pod["spec"]!["containers"]![0]!["imagePullPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void Values_the_author_gave_are_kept()
    {
        var pod = Defaulted("""
            {"spec":{"restartPolicy":"Never","dnsPolicy":"Default","terminationGracePeriodSeconds":5,"schedulerName":"mine",
             "serviceAccountName":"builder","enableServiceLinks":false,"priority":10,"preemptionPolicy":"Never",
             "containers":[{"name":"c","image":"app","imagePullPolicy":"Never","terminationMessagePolicy":"FallbackToLogsOnError",
               "ports":[{"containerPort":53,"protocol":"UDP"}]}]}}
            """);
        var spec = pod["spec"]!;

        Assert.Equal("Never", spec["restartPolicy"]!.GetValue<string>());
        Assert.Equal("Default", spec["dnsPolicy"]!.GetValue<string>());
        Assert.Equal(5, spec["terminationGracePeriodSeconds"]!.GetValue<int>());
        Assert.Equal("mine", spec["schedulerName"]!.GetValue<string>());
        Assert.Equal("builder", spec["serviceAccount"]!.GetValue<string>());
        Assert.False(spec["enableServiceLinks"]!.GetValue<bool>());
        Assert.Equal(10, spec["priority"]!.GetValue<int>());
        Assert.Equal("Never", spec["preemptionPolicy"]!.GetValue<string>());
        Assert.Equal("Never", spec["containers"]![0]!["imagePullPolicy"]!.GetValue<string>());
        Assert.Equal("FallbackToLogsOnError", spec["containers"]![0]!["terminationMessagePolicy"]!.GetValue<string>());
        Assert.Equal("UDP", spec["containers"]![0]!["ports"]![0]!["protocol"]!.GetValue<string>());
    }

    [Fact]
    public void The_deprecated_service_account_field_names_the_account_when_alone()
    {
        var pod = Defaulted("""{"spec":{"serviceAccount":"legacy","containers":[{"name":"c","image":"app"}]}}""");

        Assert.Equal("legacy", pod["spec"]!["serviceAccountName"]!.GetValue<string>());
        Assert.Equal("legacy", pod["spec"]!["serviceAccount"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("system-node-critical", 2000001000)]
    [InlineData("system-cluster-critical", 2000000000)]
    [InlineData("batch-low", 0)]
    public void Priority_comes_from_the_builtin_priority_classes(string className, long priority)
    {
        var pod = Defaulted($$$"""{"spec":{"priorityClassName":"{{{className}}}","containers":[{"name":"c","image":"app"}]}}""");

        Assert.Equal(priority, pod["spec"]!["priority"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("""[{"operator":"Exists"}]""", """[{"operator":"Exists"}]""")]
    [InlineData("""[{"operator":"Exists","effect":"NoExecute"}]""", """[{"operator":"Exists","effect":"NoExecute"}]""")]
    [InlineData(
        """[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":60}]""",
        """[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":60},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]""")]
    [InlineData(
        """[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoSchedule"}]""",
        """[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoSchedule"},{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]""")]
    public void Default_tolerations_are_added_only_for_taints_not_yet_tolerated(string given, string expected)
    {
        var pod = Defaulted($$$"""{"spec":{"tolerations":{{{given}}},"containers":[{"name":"c","image":"app"}]}}""");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), pod["spec"]!["tolerations"]), pod["spec"]!["tolerations"]!.ToJsonString());
    }

    [Fact]
    public void Limits_without_requests_become_the_requests()
    {
        var pod = Defaulted("""
            {"spec":{
              "initContainers":[{"name":"init","image":"app","resources":{"limits":{"cpu":"1"}}}],
              "containers":[{"name":"c","image":"app","resources":{"limits":{"cpu":"2","memory":"1Gi"},"requests":{"cpu":"500m"}}}]}}
            """);

        Assert.Equal("""{"cpu":"500m","memory":"1Gi"}""", pod["spec"]!["containers"]![0]!["resources"]!["requests"]!.ToJsonString());
        Assert.Equal("""{"cpu":"1"}""", pod["spec"]!["initContainers"]![0]!["resources"]!["requests"]!.ToJsonString());
    }

    [Fact]
    public void Host_network_pods_expose_container_ports_on_the_host()
    {
        var pod = Defaulted("""{"spec":{"hostNetwork":true,"containers":[{"name":"c","image":"app","ports":[{"containerPort":8080},{"containerPort":9090,"hostPort":9090}]}]}}""");

        var ports = pod["spec"]!["containers"]![0]!["ports"]!;
        Assert.Equal(8080, ports[0]!["hostPort"]!.GetValue<int>());
        Assert.Equal(9090, ports[1]!["hostPort"]!.GetValue<int>());
    }

    [Fact]
    public void Volumes_probes_and_field_references_are_defaulted()
    {
        var pod = Defaulted("""
            {"spec":{
              "volumes":[
                {"name":"scratch"},
                {"name":"creds","secret":{"secretName":"creds"}},
                {"name":"config","configMap":{"name":"config","defaultMode":256}},
                {"name":"host","hostPath":{"path":"/var/log"}},
                {"name":"token","projected":{"sources":[{"serviceAccountToken":{"path":"token"}},{"downwardAPI":{"items":[{"path":"ns","fieldRef":{"fieldPath":"metadata.namespace"}}]}}]}}
              ],
              "containers":[{"name":"c","image":"app",
                "env":[{"name":"NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}}],
                "livenessProbe":{"httpGet":{"port":8080},"periodSeconds":0},
                "readinessProbe":{"tcpSocket":{"port":8080},"failureThreshold":5},
                "lifecycle":{"preStop":{"httpGet":{"port":"http","path":"/stop"}}}}]}}
            """);
        var spec = pod["spec"]!;
        var container = spec["containers"]![0]!;

        Assert.Equal("{}", spec["volumes"]![0]!["emptyDir"]!.ToJsonString());
        Assert.Equal(420, spec["volumes"]![1]!["secret"]!["defaultMode"]!.GetValue<int>());
        Assert.Equal(256, spec["volumes"]![2]!["configMap"]!["defaultMode"]!.GetValue<int>());
        Assert.Equal("", spec["volumes"]![3]!["hostPath"]!["type"]!.GetValue<string>());
        Assert.Equal(420, spec["volumes"]![4]!["projected"]!["defaultMode"]!.GetValue<int>());
        Assert.Equal(3600, spec["volumes"]![4]!["projected"]!["sources"]![0]!["serviceAccountToken"]!["expirationSeconds"]!.GetValue<int>());
        Assert.Equal("v1", spec["volumes"]![4]!["projected"]!["sources"]![1]!["downwardAPI"]!["items"]![0]!["fieldRef"]!["apiVersion"]!.GetValue<string>());
        Assert.Equal("v1", container["env"]![0]!["valueFrom"]!["fieldRef"]!["apiVersion"]!.GetValue<string>());
        Assert.Equal(
            """{"httpGet":{"port":8080,"path":"/","scheme":"HTTP"},"periodSeconds":10,"timeoutSeconds":1,"successThreshold":1,"failureThreshold":3}""",
            container["livenessProbe"]!.ToJsonString());
        Assert.Equal(5, container["readinessProbe"]!["failureThreshold"]!.GetValue<int>());
        Assert.Equal("HTTP", container["lifecycle"]!["preStop"]!["httpGet"]!["scheme"]!.GetValue<string>());
        Assert.Equal("/stop", container["lifecycle"]!["preStop"]!["httpGet"]!["path"]!.GetValue<string>());
    }

    [Fact]
    public void Defaulting_twice_changes_nothing()
    {
        var once = Defaulted("""{"spec":{"volumes":[{"name":"v"}],"containers":[{"name":"c","image":"app","resources":{"limits":{"cpu":"1"}}}]}}""");
        var twice = once.DeepClone().AsObject();

        _strategy.Default(twice);

        Assert.True(JsonNode.DeepEquals(once, twice));
    }

    [Fact]
    public void A_pod_without_spec_gets_one_and_fails_validation_for_its_containers()
    {
        var pod = Defaulted("""{"metadata":{"name":"p"}}""");

        Assert.Equal("ClusterFirst", pod["spec"]!["dnsPolicy"]!.GetValue<string>());
        HasError(_strategy.ValidateCreate(pod), "spec.containers", Orchestrator.Model.Validation.FieldErrorType.Required);
    }

    [Fact]
    public void Fields_of_the_wrong_type_are_left_for_validation()
    {
        var pod = Defaulted("""{"spec":{"restartPolicy":7,"containers":[{"name":"c","image":"app","imagePullPolicy":false}]}}""");

        Assert.Equal("7", pod["spec"]!["restartPolicy"]!.ToJsonString());
        var errors = _strategy.ValidateCreate(pod);
        HasError(errors, "spec.restartPolicy", Orchestrator.Model.Validation.FieldErrorType.TypeInvalid);
        HasError(errors, "spec.containers[0].imagePullPolicy", Orchestrator.Model.Validation.FieldErrorType.TypeInvalid);
    }
}
