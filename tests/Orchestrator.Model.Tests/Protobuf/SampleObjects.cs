using System.Text.Json.Nodes;

namespace Orchestrator.Model.Tests.Protobuf;

/// <summary>
/// A representative object of every top-level kind, in YAML, setting the fields a user or a controller
/// would (zero values of pointers included) so that a field lost on the way shows. Quantities are in
/// canonical form and times in UTC to the second (microsecond for MicroTime), as Kubernetes shows them.
/// </summary>
internal static class SampleObjects
{
    private const string Metadata = """
        metadata:
          name: sample
          namespace: team-a
          uid: 6f1c2d3e-0000-4000-8000-000000000001
          resourceVersion: "42"
          generation: 3
          creationTimestamp: "2024-05-01T10:00:00Z"
          deletionTimestamp: "2024-05-02T10:00:00Z"
          deletionGracePeriodSeconds: 0
          labels: {app: web, tier: front}
          annotations: {note: "a \"quoted\" value"}
          ownerReferences:
          - {apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: 6f1c2d3e-0000-4000-8000-000000000002, controller: true, blockOwnerDeletion: false}
          finalizers: [example.com/cleanup]
          managedFields:
          - manager: kubectl
            operation: Update
            apiVersion: v1
            time: "2024-05-01T10:00:00Z"
            fieldsType: FieldsV1
            fieldsV1: {"f:metadata": {"f:labels": {".": {}, "f:app": {}}}}
            subresource: status
        """;

    private const string PodSpec = """
        volumes:
        - name: scratch
          emptyDir: {medium: Memory, sizeLimit: 64Mi}
        - name: host
          hostPath: {path: /var/log, type: Directory}
        - name: config
          configMap:
            name: web-config
            items: [{key: app.conf, path: conf/app.conf, mode: 256}]
            defaultMode: 420
            optional: false
        - name: creds
          secret: {secretName: web-creds, defaultMode: 0, optional: true}
        - name: data
          persistentVolumeClaim: {claimName: web-data, readOnly: true}
        - name: bundle
          projected:
            defaultMode: 420
            sources:
            - serviceAccountToken: {audience: api, expirationSeconds: 3600, path: token}
            - configMap: {name: ca, items: [{key: ca.crt, path: ca.crt}]}
            - secret: {name: extra}
            - downwardAPI:
                items: [{path: labels, fieldRef: {apiVersion: v1, fieldPath: metadata.labels}}]
        - name: info
          downwardAPI:
            items:
            - path: cpu
              resourceFieldRef: {containerName: web, resource: limits.cpu, divisor: 1m}
        initContainers:
        - name: init
          image: busybox
          command: [sh, -c, "echo ready"]
          resources: {}
        containers:
        - name: web
          image: nginx:1.27
          args: [--port, "8080"]
          workingDir: /srv
          ports:
          - {name: http, containerPort: 8080, protocol: TCP}
          - {containerPort: 9090, hostPort: 19090, hostIP: 127.0.0.1, protocol: UDP}
          envFrom:
          - configMapRef: {name: web-env}
            prefix: APP_
          - secretRef: {name: web-secret-env, optional: true}
          env:
          - {name: MODE, value: production}
          - name: DB_HOST
            valueFrom:
              configMapKeyRef: {name: web-config, key: db-host}
          - name: DB_PASSWORD
            valueFrom:
              secretKeyRef: {name: web-creds, key: password, optional: false}
          - name: POD_IP
            valueFrom:
              fieldRef: {apiVersion: v1, fieldPath: status.podIP}
          - name: MEMORY_LIMIT
            valueFrom:
              resourceFieldRef: {resource: limits.memory, divisor: 1Mi}
          resources:
            limits: {cpu: 500m, memory: 256Mi}
            requests: {cpu: 250m, memory: 128Mi, ephemeral-storage: 1Gi}
          volumeMounts:
          - {name: scratch, mountPath: /tmp}
          - {name: config, mountPath: /etc/web, readOnly: true, subPath: conf}
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
              scheme: HTTP
              httpHeaders: [{name: X-Probe, value: liveness}]
            initialDelaySeconds: 2
            periodSeconds: 10
            timeoutSeconds: 1
            successThreshold: 1
            failureThreshold: 3
            terminationGracePeriodSeconds: 30
          readinessProbe:
            tcpSocket: {port: 8080}
            periodSeconds: 5
          startupProbe:
            exec:
              command: [cat, /tmp/started]
          lifecycle:
            postStart:
              exec:
                command: [touch, /tmp/started]
            preStop:
              sleep: {seconds: 5}
          terminationMessagePath: /dev/termination-log
          terminationMessagePolicy: File
          imagePullPolicy: IfNotPresent
          securityContext:
            runAsUser: 0
            runAsNonRoot: false
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}
            seccompProfile: {type: RuntimeDefault}
          stdin: true
          tty: true
        restartPolicy: Always
        terminationGracePeriodSeconds: 30
        activeDeadlineSeconds: 600
        dnsPolicy: ClusterFirst
        nodeSelector: {kubernetes.io/os: linux}
        serviceAccountName: web
        automountServiceAccountToken: false
        nodeName: node-1
        hostNetwork: true
        securityContext:
          fsGroup: 2000
          runAsGroup: 3000
          supplementalGroups: [4000, 5000]
          sysctls: [{name: net.core.somaxconn, value: "1024"}]
        imagePullSecrets: [{name: registry}]
        hostname: web-0
        subdomain: web
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
              - matchExpressions:
                - {key: zone, operator: In, values: [a, b]}
            preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 10
              preference:
                matchFields:
                - {key: metadata.name, operator: NotIn, values: [node-9]}
          podAntiAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector:
                matchLabels: {app: web}
              topologyKey: kubernetes.io/hostname
            preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 1
              podAffinityTerm:
                labelSelector:
                  matchExpressions:
                  - {key: tier, operator: Exists}
                namespaces: [team-a]
                topologyKey: zone
        schedulerName: default-scheduler
        tolerations:
        - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
        - {key: dedicated, operator: Equal, value: web, effect: NoSchedule}
        hostAliases: [{ip: 10.0.0.5, hostnames: [db.local]}]
        priorityClassName: high
        priority: 0
        dnsConfig:
          nameservers: [1.1.1.1]
          searches: [svc.cluster.local]
          options: [{name: ndots, value: "2"}]
        readinessGates: [{conditionType: example.com/ready}]
        enableServiceLinks: false
        preemptionPolicy: Never
        overhead: {cpu: 100m}
        topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: zone
          whenUnsatisfiable: DoNotSchedule
          labelSelector: {matchLabels: {app: web}}
          minDomains: 2
        setHostnameAsFQDN: false
        os: {name: linux}
        """;

    private static readonly Dictionary<string, string> Specs = new(StringComparer.Ordinal)
    {
        ["v1/Namespace"] = """
            spec: {finalizers: [kubernetes]}
            status:
              phase: Active
              conditions:
              - {type: NamespaceDeletionContentFailure, status: "False", lastTransitionTime: "2024-05-01T10:00:00Z", reason: ContentDeleted, message: done}
            """,
        ["v1/Node"] = """
            spec:
              podCIDR: 10.244.1.0/24
              podCIDRs: [10.244.1.0/24, "fd00::/64"]
              providerID: local://node-1
              unschedulable: true
              taints:
              - {key: node.kubernetes.io/unreachable, effect: NoExecute, timeAdded: "2024-05-01T10:00:00Z"}
              - {key: dedicated, value: web, effect: NoSchedule}
            status:
              capacity: {cpu: "4", memory: 16Gi, pods: "110"}
              allocatable: {cpu: 3900m, memory: 15Gi, pods: "110"}
              phase: Running
              conditions:
              - {type: Ready, status: "True", lastHeartbeatTime: "2024-05-01T10:00:10Z", lastTransitionTime: "2024-05-01T10:00:00Z", reason: KubeletReady, message: kubelet is posting ready status}
              addresses: [{type: InternalIP, address: 192.168.1.10}, {type: Hostname, address: node-1}]
              daemonEndpoints: {kubeletEndpoint: {Port: 10250}}
              nodeInfo: {machineID: m, systemUUID: s, bootID: b, kernelVersion: "6.1", osImage: Debian, containerRuntimeVersion: "docker://24.0", kubeletVersion: v1.32.0, kubeProxyVersion: v1.32.0, operatingSystem: linux, architecture: amd64}
              images: [{names: ["busybox:local"], sizeBytes: 1234567}]
              volumesInUse: [vol-1]
              volumesAttached: [{name: vol-1, devicePath: /dev/xvdb}]
            """,
        ["v1/Pod"] = $$$"""
            spec:
            {{{Indent(PodSpec)}}}
            status:
              phase: Running
              conditions:
              - {type: Ready, status: "True", lastProbeTime: null, lastTransitionTime: "2024-05-01T10:00:05Z"}
              message: running
              hostIP: 192.168.1.10
              hostIPs: [{ip: 192.168.1.10}]
              podIP: 10.244.1.7
              podIPs: [{ip: 10.244.1.7}, {ip: "fd00::7"}]
              startTime: "2024-05-01T10:00:00Z"
              initContainerStatuses:
              - name: init
                state: {terminated: {exitCode: 0, reason: Completed, startedAt: "2024-05-01T10:00:01Z", finishedAt: "2024-05-01T10:00:02Z", containerID: "docker://abc"}}
                lastState: {}
                ready: true
                restartCount: 0
                image: busybox
                imageID: docker://sha256:1
              containerStatuses:
              - name: web
                state: {running: {startedAt: "2024-05-01T10:00:03Z"}}
                lastState: {waiting: {reason: CrashLoopBackOff, message: back-off}}
                ready: true
                restartCount: 2
                image: nginx:1.27
                imageID: docker://sha256:2
                containerID: docker://def
                started: true
                allocatedResources: {cpu: 250m}
              qosClass: Burstable
            """,
        ["v1/ConfigMap"] = """
            immutable: false
            data: {app.conf: "port = 8080\n", empty: ""}
            binaryData: {blob: AAEC/w==}
            """,
        ["v1/Secret"] = """
            immutable: true
            data: {password: czNjcmV0, empty: ""}
            type: Opaque
            """,
        ["v1/Event"] = """
            involvedObject: {kind: Pod, namespace: team-a, name: web-0, uid: u-1, apiVersion: v1, resourceVersion: "7", fieldPath: "spec.containers{web}"}
            reason: Scheduled
            message: Successfully assigned team-a/web-0 to node-1
            source: {component: default-scheduler, host: cp-1}
            firstTimestamp: "2024-05-01T10:00:00Z"
            lastTimestamp: "2024-05-01T10:00:09Z"
            count: 3
            type: Normal
            eventTime: "2024-05-01T10:00:00.123456Z"
            series: {count: 2, lastObservedTime: "2024-05-01T10:00:09.000001Z"}
            action: Binding
            related: {kind: Node, name: node-1}
            reportingComponent: default-scheduler
            reportingInstance: cp-1
            """,
        ["v1/Service"] = """
            spec:
              ports:
              - {name: http, protocol: TCP, appProtocol: http, port: 80, targetPort: http, nodePort: 30080}
              - {name: metrics, protocol: TCP, port: 9090, targetPort: 9090}
              selector: {app: web}
              clusterIP: 10.96.0.10
              clusterIPs: [10.96.0.10]
              type: NodePort
              externalIPs: [192.168.1.100]
              sessionAffinity: ClientIP
              sessionAffinityConfig: {clientIP: {timeoutSeconds: 10800}}
              externalTrafficPolicy: Local
              publishNotReadyAddresses: true
              ipFamilies: [IPv4]
              ipFamilyPolicy: SingleStack
              allocateLoadBalancerNodePorts: false
              internalTrafficPolicy: Cluster
            status:
              loadBalancer:
                ingress: [{ip: 192.168.1.200, ipMode: VIP, ports: [{port: 80, protocol: TCP, error: ""}]}]
              conditions:
              - {type: Ready, status: "True", observedGeneration: 1, lastTransitionTime: "2024-05-01T10:00:00Z", reason: Ok, message: fine}
            """,
        ["v1/Endpoints"] = """
            subsets:
            - addresses:
              - {ip: 10.244.1.7, hostname: web-0, nodeName: node-1, targetRef: {kind: Pod, namespace: team-a, name: web-0, uid: u-1}}
              notReadyAddresses:
              - {ip: 10.244.1.8}
              ports:
              - {name: http, port: 8080, protocol: TCP, appProtocol: http}
            """,
        ["v1/ServiceAccount"] = """
            secrets: [{name: web-token}]
            imagePullSecrets: [{name: registry}]
            automountServiceAccountToken: false
            """,
        ["v1/Binding"] = """
            target: {kind: Node, name: node-1, apiVersion: v1}
            """,
        ["v1/ResourceQuota"] = """
            spec:
              hard: {cpu: "10", memory: 20Gi, pods: "50"}
              scopes: [NotBestEffort]
              scopeSelector:
                matchExpressions: [{scopeName: PriorityClass, operator: In, values: [high]}]
            status:
              hard: {cpu: "10"}
              used: {cpu: 2500m}
            """,
        ["v1/PersistentVolumeClaim"] = """
            spec:
              accessModes: [ReadWriteOnce]
              selector: {matchLabels: {disk: ssd}}
              resources: {requests: {storage: 10Gi}, limits: {storage: 20Gi}}
              volumeName: pv-1
              storageClassName: ""
              volumeMode: Filesystem
              dataSource: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: snap-1}
            status:
              phase: Bound
              accessModes: [ReadWriteOnce]
              capacity: {storage: 10Gi}
              conditions:
              - {type: Resizing, status: "True", lastProbeTime: "2024-05-01T10:00:00Z", lastTransitionTime: "2024-05-01T10:00:00Z"}
            """,
        ["apps/v1/Deployment"] = $$$"""
            spec:
              replicas: 0
              selector:
                matchLabels: {app: web}
                matchExpressions: [{key: tier, operator: In, values: [front]}]
              template:
                metadata:
                  labels: {app: web}
                  creationTimestamp: null
                spec:
            {{{Indent(PodSpec, 6)}}}
              strategy:
                type: RollingUpdate
                rollingUpdate: {maxUnavailable: 0, maxSurge: 25%}
              minReadySeconds: 5
              revisionHistoryLimit: 0
              paused: true
              progressDeadlineSeconds: 600
            status:
              observedGeneration: 3
              replicas: 2
              updatedReplicas: 2
              readyReplicas: 1
              availableReplicas: 1
              unavailableReplicas: 1
              conditions:
              - {type: Available, status: "True", lastUpdateTime: "2024-05-01T10:00:00Z", lastTransitionTime: "2024-05-01T10:00:00Z", reason: MinimumReplicasAvailable, message: ok}
              collisionCount: 0
            """,
        ["apps/v1/ReplicaSet"] = """
            spec:
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}, creationTimestamp: null}
                spec:
                  containers: [{name: web, image: nginx, resources: {}}]
            status:
              replicas: 3
              fullyLabeledReplicas: 3
              readyReplicas: 3
              availableReplicas: 3
              observedGeneration: 1
              conditions: [{type: ReplicaFailure, status: "False", reason: Ok}]
            """,
        ["apps/v1/DaemonSet"] = """
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}, creationTimestamp: null}
                spec:
                  containers: [{name: agent, image: agent, resources: {}}]
                  hostNetwork: true
              updateStrategy:
                type: RollingUpdate
                rollingUpdate: {maxUnavailable: 1, maxSurge: 0}
              minReadySeconds: 1
              revisionHistoryLimit: 10
            status:
              currentNumberScheduled: 3
              numberMisscheduled: 0
              desiredNumberScheduled: 3
              numberReady: 2
              observedGeneration: 4
              updatedNumberScheduled: 3
              numberAvailable: 2
              numberUnavailable: 1
              collisionCount: 0
            """,
        ["apps/v1/StatefulSet"] = """
            spec:
              replicas: 2
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}, creationTimestamp: null}
                spec:
                  containers: [{name: db, image: postgres, resources: {}}]
              volumeClaimTemplates:
              - metadata: {name: data, creationTimestamp: null}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                status: {}
              serviceName: db
              podManagementPolicy: Parallel
              updateStrategy:
                type: RollingUpdate
                rollingUpdate: {partition: 0, maxUnavailable: 1}
              revisionHistoryLimit: 10
              persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}
              ordinals: {start: 1}
            status:
              observedGeneration: 2
              replicas: 2
              readyReplicas: 2
              currentReplicas: 2
              updatedReplicas: 2
              currentRevision: db-1
              updateRevision: db-1
              collisionCount: 0
              availableReplicas: 2
            """,
        ["batch/v1/Job"] = """
            spec:
              parallelism: 2
              completions: 4
              activeDeadlineSeconds: 300
              backoffLimit: 0
              backoffLimitPerIndex: 1
              maxFailedIndexes: 1
              selector: {matchLabels: {batch.kubernetes.io/controller-uid: u-1}}
              manualSelector: false
              template:
                metadata: {labels: {job: once}, creationTimestamp: null}
                spec:
                  containers: [{name: once, image: busybox, command: [echo, hi], resources: {}}]
                  restartPolicy: Never
              ttlSecondsAfterFinished: 0
              completionMode: Indexed
              suspend: false
              podReplacementPolicy: Failed
              podFailurePolicy:
                rules:
                - action: FailJob
                  onExitCodes: {containerName: once, operator: In, values: [0, 42]}
                - action: Ignore
                  onPodConditions: [{type: DisruptionTarget, status: "True"}]
              successPolicy:
                rules: [{succeededIndexes: "0-2", succeededCount: 0}]
            status:
              conditions:
              - {type: Complete, status: "True", lastProbeTime: "2024-05-01T10:00:00Z", lastTransitionTime: "2024-05-01T10:00:00Z"}
              startTime: "2024-05-01T09:59:00Z"
              completionTime: "2024-05-01T10:00:00Z"
              succeeded: 4
              failed: 1
              terminating: 0
              completedIndexes: 0-3
              failedIndexes: ""
              uncountedTerminatedPods: {succeeded: [u-2], failed: [u-3]}
              ready: 0
            """,
        ["batch/v1/CronJob"] = """
            spec:
              schedule: "*/5 * * * *"
              timeZone: Etc/UTC
              startingDeadlineSeconds: 0
              concurrencyPolicy: Forbid
              suspend: true
              jobTemplate:
                metadata: {name: cj, creationTimestamp: null}
                spec:
                  template:
                    metadata: {creationTimestamp: null}
                    spec:
                      containers: [{name: cj, image: busybox, command: [date], resources: {}}]
                      restartPolicy: OnFailure
              successfulJobsHistoryLimit: 3
              failedJobsHistoryLimit: 0
            status:
              active: [{kind: Job, namespace: team-a, name: cj-1, uid: u-4, apiVersion: batch/v1}]
              lastScheduleTime: "2024-05-01T10:00:00Z"
              lastSuccessfulTime: "2024-05-01T09:55:00Z"
            """,
        ["coordination.k8s.io/v1/Lease"] = """
            spec:
              holderIdentity: node-1
              leaseDurationSeconds: 40
              acquireTime: "2024-05-01T10:00:00.000000Z"
              renewTime: "2024-05-01T10:00:10.250000Z"
              leaseTransitions: 0
              strategy: OldestEmulationVersion
              preferredHolder: node-2
            """,
        ["discovery.k8s.io/v1/EndpointSlice"] = """
            addressType: IPv4
            endpoints:
            - addresses: [100.64.1.2]
              conditions: {ready: true, serving: true, terminating: false}
              hostname: web-0
              targetRef: {kind: Pod, namespace: team-a, name: web-0, uid: u-2}
              nodeName: node-1
              zone: zone-a
              hints: {forZones: [{name: zone-a}]}
              deprecatedTopology: {kubernetes.io/hostname: node-1}
            ports:
            - {name: http, protocol: TCP, port: 8080, appProtocol: http}
            """,
        ["policy/v1/Eviction"] = """
            deleteOptions:
              gracePeriodSeconds: 0
              preconditions: {uid: u-1, resourceVersion: "9"}
              orphanDependents: false
              propagationPolicy: Foreground
              dryRun: [All]
            """,
        ["policy/v1/PodDisruptionBudget"] = """
            spec:
              minAvailable: 50%
              selector: {matchLabels: {app: web}}
              unhealthyPodEvictionPolicy: AlwaysAllow
            status:
              observedGeneration: 1
              disruptedPods: {web-0: "2024-05-01T10:00:00Z"}
              disruptionsAllowed: 0
              currentHealthy: 2
              desiredHealthy: 2
              expectedPods: 3
              conditions: [{type: DisruptionAllowed, status: "False", observedGeneration: 1, lastTransitionTime: "2024-05-01T10:00:00Z", reason: InsufficientPods, message: ""}]
            """,
        ["autoscaling/v1/Scale"] = """
            spec: {replicas: 5}
            status: {replicas: 3, selector: app=web}
            """,
        ["authentication.k8s.io/v1/TokenRequest"] = """
            spec:
              audiences: [api]
              expirationSeconds: 600
              boundObjectRef: {kind: Pod, apiVersion: v1, name: web-0, uid: u-1}
            status:
              token: eyJhbGciOiJSUzI1NiJ9.e30.c2ln
              expirationTimestamp: "2024-05-01T10:10:00Z"
            """,
        ["networking.k8s.io/v1/Ingress"] = """
            spec:
              ingressClassName: nginx
              defaultBackend: {resource: {apiGroup: example.com, kind: Bucket, name: static}}
              tls: [{hosts: [foo.com], secretName: foo-tls}]
              rules:
              - host: foo.com
                http:
                  paths:
                  - path: /bar
                    pathType: Prefix
                    backend: {service: {name: svc1, port: {number: 8080}}}
                  - path: /baz
                    pathType: Exact
                    backend: {service: {name: svc2, port: {name: http}}}
            status:
              loadBalancer:
                ingress: [{hostname: lb.example.com, ports: [{port: 443, protocol: TCP}]}]
            """,
        ["scheduling.k8s.io/v1/PriorityClass"] = """
            value: 0
            globalDefault: true
            description: everything else
            preemptionPolicy: PreemptLowerPriority
            """,
        ["rbac.authorization.k8s.io/v1/Role"] = """
            rules:
            - {verbs: [get, list, watch], apiGroups: [""], resources: [pods, pods/log], resourceNames: [web-0]}
            """,
        ["rbac.authorization.k8s.io/v1/ClusterRole"] = """
            rules:
            - {verbs: [get], nonResourceURLs: [/healthz]}
            aggregationRule:
              clusterRoleSelectors: [{matchLabels: {rbac.example.com/aggregate: "true"}}]
            """,
        ["rbac.authorization.k8s.io/v1/RoleBinding"] = """
            subjects:
            - {kind: ServiceAccount, name: web, namespace: team-a}
            - {kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
            """,
        ["rbac.authorization.k8s.io/v1/ClusterRoleBinding"] = """
            subjects:
            - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: admins}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
            """,
        ["meta.k8s.io/v1/DeleteOptions"] = """
            gracePeriodSeconds: 30
            preconditions: {uid: u-1}
            propagationPolicy: Background
            dryRun: [All]
            ignoreStoreReadErrorWithClusterBreakingPotential: false
            """,
        ["v1/Status"] = """
            metadata: {resourceVersion: "12", continue: abc, remainingItemCount: 0}
            status: Failure
            message: pods "web-0" not found
            reason: NotFound
            details:
              name: web-0
              kind: pods
              uid: u-1
              causes: [{reason: FieldValueInvalid, message: bad, field: "spec.containers[0].image"}]
              retryAfterSeconds: 1
            code: 404
            """,
    };

    /// <summary>The sample for a kind: apiVersion and kind, standard metadata for objects that have it, then its own fields.</summary>
    public static JsonObject For(string apiVersion, string kind)
    {
        if (kind.EndsWith("List", StringComparison.Ordinal) && kind != "List")
        {
            return ListOf(apiVersion, kind[..^"List".Length]);
        }

        // DeleteOptions is served in every group version.
        var key = kind == "DeleteOptions" ? "meta.k8s.io/v1/DeleteOptions" : $"{apiVersion}/{kind}";
        var body = Specs[key];
        var header = $"apiVersion: {apiVersion}\nkind: {kind}\n";
        var hasMetadata = kind is not ("DeleteOptions" or "Status");
        return Documents.YamlObject(header + (hasMetadata ? Metadata + "\n" : string.Empty) + body);
    }

    /// <summary>Whether there is a sample for the kind (every kind the schema serves should have one).</summary>
    public static bool Has(string apiVersion, string kind) =>
        kind == "DeleteOptions"
        || Specs.ContainsKey($"{apiVersion}/{kind}")
        || (kind.EndsWith("List", StringComparison.Ordinal) && Specs.ContainsKey($"{apiVersion}/{kind[..^"List".Length]}"));

    // A list of two items; list items carry no apiVersion or kind in protobuf, so they have none here.
    private static JsonObject ListOf(string apiVersion, string itemKind)
    {
        var item = For(apiVersion, itemKind);
        item.Remove("apiVersion");
        item.Remove("kind");
        var second = item.DeepClone().AsObject();
        second["metadata"]!["name"] = "sample-2";
        return new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = itemKind + "List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = "77", ["continue"] = "token", ["remainingItemCount"] = 0 },
            ["items"] = new JsonArray(item, second),
        };
    }

    private static string Indent(string yaml, int spaces = 2)
    {
        var pad = new string(' ', spaces);
        return string.Join('\n', yaml.Split('\n').Select(line => line.Length == 0 ? line : pad + line));
    }
}
