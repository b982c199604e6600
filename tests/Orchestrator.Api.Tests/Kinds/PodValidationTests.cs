using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class PodValidationTests
{
    internal const string ValidPod = """
        {
          "apiVersion": "v1", "kind": "Pod",
          "metadata": {"name": "web", "namespace": "default"},
          "spec": {
            "volumes": [
              {"name": "data", "emptyDir": {"sizeLimit": "1Gi"}},
              {"name": "config", "configMap": {"name": "web-config"}},
              {"name": "creds", "secret": {"secretName": "web-creds"}},
              {"name": "logs", "hostPath": {"path": "/var/log/web", "type": "DirectoryOrCreate"}}
            ],
            "initContainers": [
              {"name": "migrate", "image": "app:1.0", "command": ["migrate"]},
              {"name": "proxy", "image": "proxy:1.0", "restartPolicy": "Always",
               "readinessProbe": {"tcpSocket": {"port": 15000}}}
            ],
            "containers": [
              {
                "name": "web", "image": "nginx:1.25",
                "ports": [{"name": "http", "containerPort": 80}, {"name": "metrics", "containerPort": 9090, "hostPort": 9090}],
                "env": [
                  {"name": "MODE", "value": "production"},
                  {"name": "NODE_NAME", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}},
                  {"name": "POD_LABEL", "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['app']"}}},
                  {"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "web-creds", "key": "password"}}},
                  {"name": "CPU_LIMIT", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu"}}}
                ],
                "envFrom": [{"prefix": "CFG_", "configMapRef": {"name": "web-config"}}],
                "volumeMounts": [
                  {"name": "data", "mountPath": "/data"},
                  {"name": "config", "mountPath": "/etc/web", "readOnly": true},
                  {"name": "logs", "mountPath": "/logs", "subPath": "web"}
                ],
                "resources": {"requests": {"cpu": "250m", "memory": "64Mi"}, "limits": {"cpu": "1", "memory": "128Mi"}},
                "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "initialDelaySeconds": 5},
                "readinessProbe": {"exec": {"command": ["true"]}},
                "startupProbe": {"grpc": {"port": 9090}},
                "lifecycle": {"preStop": {"sleep": {"seconds": 5}}}
              },
              {"name": "sidecar", "image": "busybox", "command": ["sleep", "3600"]}
            ],
            "nodeSelector": {"kubernetes.io/os": "linux"},
            "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "web", "effect": "NoSchedule"}],
            "activeDeadlineSeconds": 3600,
            "hostname": "web-0",
            "subdomain": "web",
            "dnsConfig": {"nameservers": ["10.96.0.10"], "searches": ["svc.cluster.local."], "options": [{"name": "ndots", "value": "2"}]},
            "readinessGates": [{"conditionType": "example.com/ready"}]
          }
        }
        """;

    private readonly PodStrategy _strategy = new();

    internal static JsonObject DefaultedPod(string patch = "{}")
    {
        var pod = Patch(Json(ValidPod), patch);
        new PodStrategy().Default(pod);
        return pod;
    }

    [Fact]
    public void A_valid_pod_passes()
    {
        var pod = DefaultedPod();
        _strategy.PrepareForCreate(pod);

        Valid(_strategy.ValidateCreate(pod));
    }

    [Fact]
    public void A_minimal_defaulted_pod_passes()
    {
        var pod = Json("""{"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        _strategy.Default(pod);

        Valid(_strategy.ValidateCreate(pod));
    }

    public static TheoryData<string, string, FieldErrorType> InvalidPods => new()
    {
        { """{"spec":{"containers":[]}}""", "spec.containers", FieldErrorType.Required },
        { """{"spec":{"containers":"web"}}""", "spec.containers", FieldErrorType.TypeInvalid },
        { """{"spec":{"containers":[{"image":"nginx"}]}}""", "spec.containers[0].name", FieldErrorType.Required },
        { """{"spec":{"containers":[{"name":"Web","image":"nginx"}]}}""", "spec.containers[0].name", FieldErrorType.Invalid },
        { """{"spec":{"containers":[{"name":"a","image":"x"},{"name":"a","image":"y"}]}}""", "spec.containers[1].name", FieldErrorType.Duplicate },
        { """{"spec":{"initContainers":[{"name":"web","image":"x"}]}}""", "spec.initContainers[0].name", FieldErrorType.Duplicate },
        { """{"spec":{"containers":[{"name":"a"}]}}""", "spec.containers[0].image", FieldErrorType.Required },
        { """{"spec":{"containers":[{"name":"a","image":" nginx"}]}}""", "spec.containers[0].image", FieldErrorType.Invalid },
        { """{"spec":{"containers":[{"name":"a","image":"x","ports":[{"containerPort":0}]}]}}""", "spec.containers[0].ports[0].containerPort", FieldErrorType.Required },
        { """{"spec":{"containers":[{"name":"a","image":"x","ports":[{"containerPort":70000}]}]}}""", "spec.containers[0].ports[0].containerPort", FieldErrorType.Invalid },
        { """{"spec":{"containers":[{"name":"a","image":"x","ports":[{"containerPort":"80"}]}]}}""", "spec.containers[0].ports[0].containerPort", FieldErrorType.TypeInvalid },
        { """{"spec":{"containers":[{"name":"a","image":"x","ports":[{"containerPort":80,"hostPort":-1}]}]}}""", "spec.containers[0].ports[0].hostPort", FieldErrorType.Invalid },
        { """{"spec":{"containers":[{"name":"a","image":"x","ports":[{"containerPort":80,"protocol":"HTTP"}]}]}}""", "spec.containers[0].ports[0].protocol", FieldErrorType.NotSupported },
        { """{"spec":{"containers":[{"name":"a","image":"x","ports":[{"name":"web_http","containerPort":80}]}]}}""", "spec.containers[0].ports[0].name", FieldErrorType.Invalid },
        { """{"spec":{"containers":[{"name":"a","image":"x","ports":[{"name":"http","containerPort":80},{"name":"http","containerPort":81}]}]}}""", "spec.containers[0].ports[1].name", FieldErrorType.Duplicate },
        { """{"spec":{"containers":[{"name":"a","image":"x","ports":[{"containerPort":80,"hostPort":80}]},{"name":"b","image":"x","ports":[{"containerPort":81,"hostPort":80}]}]}}""", "spec.containers[1].ports[0].hostPort", FieldErrorType.Duplicate },
        { """{"spec":{"containers":[{"name":"a","image":"x","env":[{"value":"1"}]}]}}""", "spec.containers[0].env[0].name", FieldErrorType.Required },
        { """{"spec":{"containers":[{"name":"a","image":"x","env":[{"name":"1BAD","value":"1"}]}]}}""", "spec.containers[0].env[0].name", FieldErrorType.Invalid },
        { """{"spec":{"containers":[{"name":"a","image":"x","env":[{"name":"A","value":"1","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}]}}""", "spec.containers[0].env[0].valueFrom", FieldErrorType.Invalid },
        { """{"spec":{"containers":[{"name":"a","image":"x","env":[{"name":"A","valueFrom":{"fieldRef":{"fieldPath":"spec.containers"}}}]}]}}""", "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath", FieldErrorType.NotSupported },
        { """{"spec":{"containers":[{"name":"a","image":"x","env":[{"name":"A","valueFrom":{"configMapKeyRef":{"name":"cm"}}}]}]}}""", "spec.containers[0].env[0].valueFrom.configMapKeyRef.key", FieldErrorType.Required },
        { """{"spec":{"containers":[{"name":"a","image":"x","envFrom":[{}]}]}}""", "spec.containers[0].envFrom", FieldErrorType.Invalid },
        { """{"spec":{"containers":[{"name":"a","image":"x","resources":{"requests":{"memory":"-1Gi"}}}]}}""", "spec.containers[0].resources.requests[memory]", FieldErrorType.Invalid },
        { """{"spec":{"containers":[{"name":"a","image":"x","resources":{"requests":{"cpu":"2"},"limits":{"cpu":"1"}}}]}}""", "spec.containers[0].resources.requests", FieldErrorType.Invalid },
        { """{"spec":{"containers":[{"name":"a","image":"x","resources":{"limits":{"gpu":"1"}}}]}}""", "spec.containers[0].resources.limits[gpu]", FieldErrorType.Invalid },
        { """{"spec":{"containers":[{"name":"a","image":"x","resources":{"requests":{"example.com/gpu":"1"}}}]}}""", "spec.containers[0].resources.limits", FieldErrorType.Required },
        { """{"spec":{"containers":[{"name":"a","image":"x","resources":{"limits":{"example.com/gpu":"500m"}}}]}}""", "spec.containers[0].resources.limits[example.com/gpu]", FieldErrorType.Invalid },
        { """{"spec":{"containers":[{"name":"a","image":"x","resources":{"limits":{"hugepages-2Mi":"2Mi"}}}]}}""", "spec.containers[0].resources", FieldErrorType.Forbidden },
        { """{"spec":{"containers":[{"name":"a","image":"x","imagePullPolicy":"Sometimes"}]}}""", "spec.containers[0].imagePullPolicy", FieldErrorType.NotSupported },
        { """{"spec":{"containers":[{"name":"a","image":"x","terminationMessagePolicy":"Log"}]}}""", "spec.containers[0].terminationMessagePolicy", FieldErrorType.NotSupported },
        { """{"spec":{"containers":[{"name":"a","image":"x","restartPolicy":"Always"}]}}""", "spec.containers[0].restartPolicy", FieldErrorType.Forbidden },
        { """{"spec":{"containers":[{"name":"a","image":"x","livenessProbe":{"periodSeconds":5}}]}}""", "spec.containers[0].livenessProbe", FieldErrorType.Required },
        { """{"spec":{"containers":[{"name":"a","image":"x","livenessProbe":{"exec":{"command":["true"]},"tcpSocket":{"port":80}}}]}}""", "spec.containers[0].livenessProbe.tcpSocket", FieldErrorType.Forbidden },
        { """{"spec":{"containers":[{"name":"a","image":"x","livenessProbe":{"exec":{"command":["true"]},"successThreshold":2}}]}}""", "spec.containers[0].livenessProbe.successThreshold", FieldErrorType.Invalid },
        { """{"spec":{"containers":[{"name":"a","image":"x","readinessProbe":{"httpGet":{"port":0}}}]}}""", "spec.containers[0].readinessProbe.httpGet.port", FieldErrorType.Invalid },
        { """{"spec":{"containers":[{"name":"a","image":"x","readinessProbe":{"exec":{"command":["true"]},"timeoutSeconds":-1}}]}}""", "spec.containers[0].readinessProbe.timeoutSeconds", FieldErrorType.Invalid },
        { """{"spec":{"containers":[{"name":"a","image":"x","lifecycle":{"preStop":{"sleep":{"seconds":600}}}}]}}""", "spec.containers[0].lifecycle.preStop.sleep", FieldErrorType.Invalid },
        { """{"spec":{"initContainers":[{"name":"i","image":"x","livenessProbe":{"exec":{"command":["true"]}}}]}}""", "spec.initContainers[0].livenessProbe", FieldErrorType.Forbidden },
        { """{"spec":{"initContainers":[{"name":"i","image":"x","restartPolicy":"OnFailure"}]}}""", "spec.initContainers[0].restartPolicy", FieldErrorType.NotSupported },
        { """{"spec":{"restartPolicy":"Sometimes"}}""", "spec.restartPolicy", FieldErrorType.NotSupported },
        { """{"spec":{"dnsPolicy":"Google"}}""", "spec.dnsPolicy", FieldErrorType.NotSupported },
        { """{"spec":{"dnsPolicy":"None","dnsConfig":null}}""", "spec.dnsConfig", FieldErrorType.Required },
        { """{"spec":{"dnsConfig":{"nameservers":["dns.example.com"]}}}""", "spec.dnsConfig.nameservers[0]", FieldErrorType.Invalid },
        { """{"spec":{"volumes":[{"name":"a","emptyDir":{}},{"name":"a","emptyDir":{}}]}}""", "spec.volumes[1].name", FieldErrorType.Duplicate },
        { """{"spec":{"volumes":[{"name":"Data","emptyDir":{}}]}}""", "spec.volumes[0].name", FieldErrorType.Invalid },
        { """{"spec":{"volumes":[{"name":"a","emptyDir":{},"hostPath":{"path":"/x"}}]}}""", "spec.volumes[0].hostPath", FieldErrorType.Forbidden },
        { """{"spec":{"volumes":[{"name":"a","hostPath":{"path":"/x/../etc"}}]}}""", "spec.volumes[0].hostPath.path", FieldErrorType.Invalid },
        { """{"spec":{"volumes":[{"name":"a","hostPath":{"path":"/x","type":"Pipe"}}]}}""", "spec.volumes[0].hostPath.type", FieldErrorType.NotSupported },
        { """{"spec":{"volumes":[{"name":"a","secret":{}}]}}""", "spec.volumes[0].secret.secretName", FieldErrorType.Required },
        { """{"spec":{"volumes":[{"name":"a","configMap":{"name":"c","defaultMode":1000}}]}}""", "spec.volumes[0].configMap.defaultMode", FieldErrorType.Invalid },
        { """{"spec":{"volumes":[{"name":"a","persistentVolumeClaim":{}}]}}""", "spec.volumes[0].persistentVolumeClaim.claimName", FieldErrorType.Required },
        { """{"spec":{"volumes":[{"name":"a","emptyDir":{"sizeLimit":"-1Gi"}}]}}""", "spec.volumes[0].emptyDir.sizeLimit", FieldErrorType.Forbidden },
        { """{"spec":{"containers":[{"name":"a","image":"x","volumeMounts":[{"name":"missing","mountPath":"/m"}]}]}}""", "spec.containers[0].volumeMounts[0].name", FieldErrorType.NotFound },
        { """{"spec":{"containers":[{"name":"a","image":"x","volumeMounts":[{"name":"data"}]}]}}""", "spec.containers[0].volumeMounts[0].mountPath", FieldErrorType.Required },
        { """{"spec":{"containers":[{"name":"a","image":"x","volumeMounts":[{"name":"data","mountPath":"/m"},{"name":"config","mountPath":"/m"}]}]}}""", "spec.containers[0].volumeMounts[1].mountPath", FieldErrorType.Invalid },
        { """{"spec":{"containers":[{"name":"a","image":"x","volumeMounts":[{"name":"data","mountPath":"/m","subPath":"../up"}]}]}}""", "spec.containers[0].volumeMounts[0].subPath", FieldErrorType.Invalid },
        { """{"spec":{"volumes":[{"name":"data","secret":{}}],"containers":[{"name":"a","image":"x","volumeMounts":[{"name":"data","mountPath":"/m"}]}]}}""", "spec.containers[0].volumeMounts[0].name", FieldErrorType.NotFound },
        { """{"spec":{"nodeName":"Node_1"}}""", "spec.nodeName", FieldErrorType.Invalid },
        { """{"spec":{"serviceAccountName":"Bad_SA"}}""", "spec.serviceAccountName", FieldErrorType.Invalid },
        { """{"spec":{"hostname":"web.0"}}""", "spec.hostname", FieldErrorType.Invalid },
        { """{"spec":{"terminationGracePeriodSeconds":-1}}""", "spec.terminationGracePeriodSeconds", FieldErrorType.Invalid },
        { """{"spec":{"activeDeadlineSeconds":0}}""", "spec.activeDeadlineSeconds", FieldErrorType.Invalid },
        { """{"spec":{"preemptionPolicy":"Always"}}""", "spec.preemptionPolicy", FieldErrorType.NotSupported },
        { """{"spec":{"nodeSelector":{"disk":"-ssd"}}}""", "spec.nodeSelector", FieldErrorType.Invalid },
        { """{"spec":{"tolerations":[{"key":"a","operator":"In"}]}}""", "spec.tolerations[0].operator", FieldErrorType.NotSupported },
        { """{"spec":{"tolerations":[{"operator":"Equal","value":"x"}]}}""", "spec.tolerations[0].operator", FieldErrorType.Invalid },
        { """{"spec":{"tolerations":[{"key":"a","operator":"Exists","value":"x"}]}}""", "spec.tolerations[0].operator", FieldErrorType.Invalid },
        { """{"spec":{"tolerations":[{"key":"a","operator":"Exists","effect":"NoSchedule","tolerationSeconds":10}]}}""", "spec.tolerations[0].effect", FieldErrorType.Invalid },
        { """{"spec":{"tolerations":[{"key":"a","operator":"Exists","effect":"Evict"}]}}""", "spec.tolerations[0].effect", FieldErrorType.NotSupported },
        { """{"spec":{"hostNetwork":true,"containers":[{"name":"a","image":"x","ports":[{"containerPort":80,"hostPort":8080}]}]}}""", "spec.containers[0].ports[0].hostPort", FieldErrorType.Invalid },
        { """{"spec":{"schedulingGates":[{"name":"a"},{"name":"a"}]}}""", "spec.schedulingGates[1]", FieldErrorType.Duplicate },
        { """{"spec":{"readinessGates":[{"conditionType":"not valid"}]}}""", "spec.readinessGates[0].conditionType", FieldErrorType.Invalid },
        { """{"spec":{"imagePullSecrets":[{"name":"regcred","namespace":"other"}]}}""", "spec.imagePullSecrets[0]", FieldErrorType.Invalid },
        { """{"spec":{"os":{"name":"plan9"}}}""", "spec.os", FieldErrorType.NotSupported },
        { """{"spec":{"ephemeralContainers":[{"name":"debug","image":"busybox"}]}}""", "spec.ephemeralContainers", FieldErrorType.Forbidden },
        { """{"spec":{"nodeName":"node-1","schedulingGates":[{"name":"example.com/wait"}]}}""", "spec.nodeName", FieldErrorType.Forbidden },
    };

    [Theory]
    [MemberData(nameof(InvalidPods))]
    public void Invalid_pods_are_refused_with_the_field_and_reason(string patch, string field, FieldErrorType type)
    {
        var pod = DefaultedPod(patch);

        HasError(_strategy.ValidateCreate(pod), field, type);
    }

    [Theory]
    [InlineData("""{"spec":{"restartPolicy":"Sometimes"}}""", "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"")]
    [InlineData("""{"spec":{"containers":[{"name":"a","image":"x","resources":{"requests":{"cpu":"2"},"limits":{"cpu":"1"}}}]}}""", "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1")]
    [InlineData("""{"spec":{"containers":[{"name":"a","image":"x","ports":[{"containerPort":80,"protocol":"HTTP"}]}]}}""", "spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"")]
    [InlineData("""{"spec":{"containers":[]}}""", "spec.containers: Required value")]
    [InlineData("""{"spec":{"terminationGracePeriodSeconds":-5}}""", "spec.terminationGracePeriodSeconds: Invalid value: -5: must be greater than or equal to 0")]
    [InlineData("""{"spec":{"activeDeadlineSeconds":0}}""", "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive")]
    public void Messages_read_like_Kubernetes(string patch, string message)
    {
        var errors = _strategy.ValidateCreate(DefaultedPod(patch));

        Assert.Contains(message, errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_mount_of_a_valid_volume_passes()
    {
        var pod = DefaultedPod("""{"spec":{"volumes":[{"name":"a","emptyDir":{}}],"containers":[{"name":"c","image":"x","volumeMounts":[{"name":"a","mountPath":"/a"}]}]}}""");

        Valid(_strategy.ValidateCreate(pod));
    }
}
