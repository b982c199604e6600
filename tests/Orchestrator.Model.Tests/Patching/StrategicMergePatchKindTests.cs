using System.Text.Json.Nodes;
using Orchestrator.Model.Patching;
using Xunit;

namespace Orchestrator.Model.Tests.Patching;

/// <summary>Strategic merge patches on built-in kinds, as kubectl apply/edit/label/annotate/scale send them.</summary>
public sealed class StrategicMergePatchKindTests
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels: {app: web, tier: fe}
          finalizers: [a.example.com/one]
        spec:
          containers:
          - name: app
            image: web:1
            args: [--port, "80"]
            env: [{name: A, value: "1"}, {name: B, value: "2"}]
            ports: [{containerPort: 80}, {containerPort: 443}]
            volumeMounts: [{name: data, mountPath: /data}]
          - name: sidecar
            image: proxy:1
          volumes:
          - name: data
            emptyDir: {}
          tolerations:
          - {key: a, operator: Exists}
        """;

    [Fact]
    public void Containers_merge_by_name_and_their_env_ports_and_mounts_by_key()
    {
        var result = Apply("Pod", Pod, """
            spec:
              containers:
              - name: app
                image: web:2
                env: [{name: B, value: "3"}, {name: C, value: "4"}]
                ports: [{containerPort: 8080}]
                volumeMounts: [{name: cache, mountPath: /cache}]
            """);

        AssertYaml("""
            - name: app
              image: web:2
              args: [--port, "80"]
              env: [{name: A, value: "1"}, {name: B, value: "3"}, {name: C, value: "4"}]
              ports: [{containerPort: 8080}, {containerPort: 80}, {containerPort: 443}]
              volumeMounts: [{name: cache, mountPath: /cache}, {name: data, mountPath: /data}]
            - name: sidecar
              image: proxy:1
            """, result["spec"]!["containers"]);
    }

    [Fact]
    public void A_container_is_removed_with_patch_delete()
    {
        var result = Apply("Pod", Pod, """
            spec:
              containers:
              - {name: sidecar, $patch: delete}
            """);

        Assert.Equal(["app"], result["spec"]!["containers"]!.AsArray().Select(c => (string)c!["name"]!));
    }

    [Fact]
    public void Lists_without_a_merge_strategy_are_replaced()
    {
        var result = Apply("Pod", Pod, """
            spec:
              containers:
              - name: app
                args: [--verbose]
              tolerations:
              - {key: b, operator: Equal, value: x}
            """);

        AssertYaml("[--verbose]", result["spec"]!["containers"]![0]!["args"]);
        AssertYaml("[{key: b, operator: Equal, value: x}]", result["spec"]!["tolerations"]);
    }

    [Fact]
    public void A_list_is_replaced_wholesale_with_patch_replace()
    {
        var result = Apply("Pod", Pod, """
            spec:
              containers:
              - {$patch: replace}
              - {name: only, image: only:1}
            """);

        AssertYaml("[{name: only, image: only:1}]", result["spec"]!["containers"]);
    }

    [Fact]
    public void Volumes_merge_by_name_and_retainKeys_switches_the_volume_source()
    {
        var result = Apply("Pod", Pod, """
            spec:
              $setElementOrder/volumes: [{name: data}, {name: config}]
              volumes:
              - $retainKeys: [configMap, name]
                name: data
                configMap: {name: cfg}
              - name: config
                secret: {secretName: s}
            """);

        AssertYaml("[{name: data, configMap: {name: cfg}}, {name: config, secret: {secretName: s}}]", result["spec"]!["volumes"]);
    }

    [Fact]
    public void Label_and_annotate_patches_merge_maps_and_null_deletes()
    {
        var result = Apply("Pod", Pod, """
            metadata:
              labels: {tier: null, version: v2}
              annotations: {note: hello}
            """);

        AssertYaml("{app: web, version: v2}", result["metadata"]!["labels"]);
        AssertYaml("{note: hello}", result["metadata"]!["annotations"]);
    }

    [Fact]
    public void Finalizers_merge_as_a_set_and_are_removed_with_deleteFromPrimitiveList()
    {
        var added = Apply("Pod", Pod, "metadata: {finalizers: [b.example.com/two, a.example.com/one]}");
        var removed = Apply("Pod", Pod, "metadata: {$deleteFromPrimitiveList/finalizers: [a.example.com/one]}");

        AssertYaml("[b.example.com/two, a.example.com/one]", added["metadata"]!["finalizers"]);
        AssertYaml("[]", removed["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Owner_references_merge_by_uid()
    {
        var original = """
            metadata:
              name: rs-1
              ownerReferences:
              - {uid: u1, kind: Deployment, name: d1, controller: true}
            """;
        var result = Apply("ReplicaSet", original, """
            metadata:
              ownerReferences:
              - {uid: u1, blockOwnerDeletion: true}
              - {uid: u2, kind: Deployment, name: d2}
            """);

        AssertYaml("""
            - {uid: u1, kind: Deployment, name: d1, controller: true, blockOwnerDeletion: true}
            - {uid: u2, kind: Deployment, name: d2}
            """, result["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public void Status_conditions_merge_by_type()
    {
        var original = """
            status:
              phase: Pending
              conditions:
              - {type: PodScheduled, status: "True"}
              - {type: Ready, status: "False"}
              podIPs: [{ip: 10.0.0.1}]
            """;
        var result = Apply("Pod", original, """
            status:
              phase: Running
              conditions:
              - {type: Ready, status: "True"}
              podIPs: [{ip: "fd00::1"}]
            """);

        AssertYaml("""
            phase: Running
            conditions: [{type: PodScheduled, status: "True"}, {type: Ready, status: "True"}]
            podIPs: [{ip: "fd00::1"}, {ip: 10.0.0.1}]
            """, result["status"]);
    }

    [Theory]
    [InlineData("Deployment")]
    [InlineData("ReplicaSet")]
    [InlineData("DaemonSet")]
    [InlineData("StatefulSet")]
    [InlineData("Job")]
    [InlineData("ReplicationController")]
    public void Pod_templates_of_workloads_merge_containers(string kind)
    {
        var original = """
            spec:
              replicas: 1
              template:
                metadata: {labels: {app: web}}
                spec:
                  initContainers: [{name: init, image: busybox}]
                  containers:
                  - name: app
                    image: web:1
                    env: [{name: A, value: "1"}]
                  imagePullSecrets: [{name: regcred}]
            """;
        var result = Apply(kind, original, """
            spec:
              template:
                spec:
                  containers:
                  - {name: app, env: [{name: B, value: "2"}]}
                  imagePullSecrets: [{name: other}]
            """);

        var spec = result["spec"]!["template"]!["spec"]!;
        // As in Kubernetes, elements new to the list come before those only the server had.
        AssertYaml("""[{name: app, image: web:1, env: [{name: B, value: "2"}, {name: A, value: "1"}]}]""", spec["containers"]);
        AssertYaml("[{name: other}, {name: regcred}]", spec["imagePullSecrets"]);
        AssertYaml("[{name: init, image: busybox}]", spec["initContainers"]);
    }

    [Fact]
    public void Scale_and_strategy_changes_on_a_Deployment()
    {
        var original = """
            spec:
              replicas: 1
              strategy:
                type: RollingUpdate
                rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
            status:
              conditions:
              - {type: Available, status: "True"}
              - {type: Progressing, status: "True"}
            """;
        var result = Apply("Deployment", original, """
            spec:
              replicas: 3
              strategy:
                $retainKeys: [type]
                type: Recreate
                rollingUpdate: null
            status:
              conditions:
              - {type: Available, status: "False", reason: MinimumReplicasUnavailable}
            """);

        AssertYaml("""
            spec:
              replicas: 3
              strategy: {type: Recreate}
            status:
              conditions:
              - {type: Available, status: "False", reason: MinimumReplicasUnavailable}
              - {type: Progressing, status: "True"}
            """, result);
    }

    [Fact]
    public void A_CronJob_merges_the_containers_of_its_job_template()
    {
        var original = """
            spec:
              schedule: "* * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers: [{name: job, image: job:1}, {name: log, image: log:1}]
            """;
        var result = Apply("CronJob", original, """
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers: [{name: job, image: job:2}]
            """);

        AssertYaml("[{name: job, image: job:2}, {name: log, image: log:1}]", result["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!["containers"]);
    }

    [Fact]
    public void Service_ports_merge_by_port()
    {
        var original = """
            spec:
              type: ClusterIP
              ports: [{name: http, port: 80, targetPort: 8080}, {name: https, port: 443}]
              externalIPs: [1.2.3.4]
            """;
        var result = Apply("Service", original, """
            spec:
              ports: [{port: 80, targetPort: 9090}]
              externalIPs: [5.6.7.8]
            """);

        AssertYaml("[{name: http, port: 80, targetPort: 9090}, {name: https, port: 443}]", result["spec"]!["ports"]);
        AssertYaml("[5.6.7.8]", result["spec"]!["externalIPs"]);
    }

    [Fact]
    public void Node_addresses_merge_by_type_and_taints_are_replaced()
    {
        var original = """
            spec:
              podCIDRs: [10.244.0.0/24]
              taints: [{key: a, effect: NoSchedule}]
            status:
              addresses: [{type: InternalIP, address: 10.0.0.5}, {type: Hostname, address: n1}]
            """;
        var result = Apply("Node", original, """
            spec:
              podCIDRs: ["fd00::/64"]
              taints: [{key: b, effect: NoExecute}]
            status:
              addresses: [{type: InternalIP, address: 10.0.0.6}]
            """);

        AssertYaml("""["fd00::/64", 10.244.0.0/24]""", result["spec"]!["podCIDRs"]);
        AssertYaml("[{key: b, effect: NoExecute}]", result["spec"]!["taints"]);
        AssertYaml("[{type: InternalIP, address: 10.0.0.6}, {type: Hostname, address: n1}]", result["status"]!["addresses"]);
    }

    [Fact]
    public void Kubectl_apply_patch_with_element_order_keeps_server_added_containers()
    {
        // The live Pod has a sidecar injected by the server; the user's config moves "b" before "a",
        // drops "c" and adds "d". kubectl apply sends this patch. The configured containers follow
        // the directive's order; the injected one stays ahead of "b", as it was in the live list.
        var live = """
            spec:
              containers:
              - {name: a, image: a:1}
              - {name: injected, image: proxy:1}
              - {name: b, image: b:1}
              - {name: c, image: c:1}
            """;
        var result = Apply("Pod", live, """
            spec:
              $setElementOrder/containers: [{name: b}, {name: a}, {name: d}]
              containers:
              - {name: d, image: d:1}
              - {name: c, $patch: delete}
            """);

        Assert.Equal(["injected", "b", "a", "d"], result["spec"]!["containers"]!.AsArray().Select(c => (string)c!["name"]!));
    }

    [Fact]
    public void New_content_is_stored_without_directives_or_nulls()
    {
        var result = Apply("Pod", "metadata: {name: web}", """
            spec:
              containers:
              - name: app
                image: web:1
                workingDir: null
                env: [{name: A, value: "1"}, {name: B, $patch: delete}]
            """);

        AssertYaml("""[{name: app, image: web:1, env: [{name: A, value: "1"}]}]""", result["spec"]!["containers"]);
    }

    [Fact]
    public void Unknown_kinds_replace_every_list()
    {
        var original = """
            metadata: {finalizers: [one]}
            spec:
              containers: [{name: a, image: a:1}, {name: b, image: b:1}]
            """;
        var result = Apply("Widget", original, """
            metadata: {finalizers: [two]}
            spec:
              containers: [{name: a, image: a:2}]
            """);

        AssertYaml("""
            metadata: {finalizers: [two]}
            spec:
              containers: [{name: a, image: a:2}]
            """, result);
    }

    [Fact]
    public void ConfigMap_data_merges_and_patch_replace_swaps_it()
    {
        var original = "data: {a: '1', b: '2'}";

        AssertYaml("data: {a: '1', b: '3', c: '4'}", Apply("ConfigMap", original, "data: {b: '3', c: '4'}"));
        AssertYaml("data: {z: '9'}", Apply("ConfigMap", original, "data: {$patch: replace, z: '9', y: null}"));
    }

    [Fact]
    public void Does_not_change_its_inputs()
    {
        var original = Documents.YamlObject(Pod);
        var patch = Documents.YamlObject("""
            spec:
              $setElementOrder/containers: [{name: sidecar}, {name: app}]
              containers: [{name: app, image: web:9}, {name: sidecar, $patch: delete}]
            """);
        var originalBefore = original.ToJsonString();
        var patchBefore = patch.ToJsonString();

        var result = StrategicMergePatch.Apply(original, patch, "Pod");
        result["metadata"]!["name"] = "changed";

        Assert.Equal(originalBefore, original.ToJsonString());
        Assert.Equal(patchBefore, patch.ToJsonString());
    }

    [Theory]
    [InlineData("Pod", true)]
    [InlineData("Deployment", true)]
    [InlineData("ConfigMap", true)]
    [InlineData("Service", true)]
    [InlineData("Widget", false)]
    [InlineData("pod", false)]
    public void Supports_built_in_kinds_only(string kind, bool supported)
    {
        Assert.Equal(supported, StrategicMergePatch.Supports(kind));
        Assert.Equal(supported, StrategicMergeSchema.SupportedKinds.Contains(kind));
    }

    [Fact]
    public void The_schema_table_lists_merge_keys_by_path()
    {
        var pod = StrategicMergeSchema.RulesFor("Pod");

        Assert.Contains(ListMergeRule.MergeBy("spec.containers", "name"), pod);
        Assert.Contains(ListMergeRule.MergeBy("spec.containers.ports", "containerPort"), pod);
        Assert.Contains(ListMergeRule.MergeBy("spec.initContainers.env", "name"), pod);
        Assert.Contains(ListMergeRule.MergeBy("spec.ephemeralContainers.volumeMounts", "mountPath"), pod);
        Assert.Contains(ListMergeRule.MergeBy("spec.containers.volumeDevices", "devicePath"), pod);
        Assert.Contains(ListMergeRule.MergeBy("spec.hostAliases", "ip"), pod);
        Assert.Contains(ListMergeRule.MergeBy("metadata.ownerReferences", "uid"), pod);
        Assert.Contains(ListMergeRule.MergePrimitives("metadata.finalizers"), pod);
        Assert.DoesNotContain(pod, rule => rule.Path.EndsWith("tolerations", StringComparison.Ordinal));
        Assert.Contains(ListMergeRule.MergeBy("spec.template.spec.containers", "name"), StrategicMergeSchema.RulesFor("Deployment"));
        Assert.Contains(ListMergeRule.MergeBy("spec.jobTemplate.spec.template.spec.volumes", "name"), StrategicMergeSchema.RulesFor("CronJob"));
        Assert.Empty(StrategicMergeSchema.RulesFor("Widget"));
    }

    [Fact]
    public void Under_mounts_rules_below_a_prefix()
    {
        var mounted = ListMergeRule.Under("spec.template", [ListMergeRule.MergeBy("metadata.ownerReferences", "uid")]);

        Assert.Equal([new ListMergeRule("spec.template.metadata.ownerReferences", "uid")], mounted);
    }

    private static JsonObject Apply(string kind, string original, string patch) =>
        StrategicMergePatch.Apply(Documents.YamlObject(original), Documents.YamlObject(patch), kind);

    private static void AssertYaml(string expected, JsonNode? actual)
    {
        var want = Documents.Yaml(expected);
        Assert.True(JsonNode.DeepEquals(want, actual), $"expected: {want?.ToJsonString()}\nactual:   {actual?.ToJsonString()}");
    }
}
