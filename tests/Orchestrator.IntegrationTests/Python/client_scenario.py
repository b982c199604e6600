"""The official Kubernetes Python client against the cluster: CRUD of pods and deployments, label
selectors, a watch from a resourceVersion, and errors raised as ApiException with the right status.
Run by PythonClientTests with KUBECONFIG pointing at the cluster's admin.conf; prints OK at the end."""
import os
import sys
import threading
import time

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

config.load_kube_config(os.environ["KUBECONFIG"])
v1 = client.CoreV1Api()
apps = client.AppsV1Api()
ns = sys.argv[1]


def expect_status(status, call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except ApiException as e:
        assert e.status == status, f"{call.__name__}: expected {status}, got {e.status}: {e.body}"
        return
    raise AssertionError(f"{call.__name__}: expected ApiException {status}")


def pod(name, labels):
    return client.V1Pod(
        metadata=client.V1ObjectMeta(name=name, labels=labels),
        spec=client.V1PodSpec(containers=[client.V1Container(name="c", image="busybox:local", command=["sleep", "3600"])]))


v1.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))

created = v1.create_namespaced_pod(ns, pod("py-pod", {"app": "py"}))
assert created.metadata.uid, "a created pod has a uid"
assert created.spec.restart_policy == "Always", "defaults are applied"
assert created.status.phase == "Pending", "a new pod is Pending"

read = v1.read_namespaced_pod("py-pod", ns)
assert read.spec.containers[0].image == "busybox:local"

patched = v1.patch_namespaced_pod("py-pod", ns, {"metadata": {"labels": {"tier": "backend"}}})
assert patched.metadata.labels == {"app": "py", "tier": "backend"}, patched.metadata.labels

v1.create_namespaced_pod(ns, pod("other", {"app": "other"}))
selected = v1.list_namespaced_pod(ns, label_selector="app=py")
assert [p.metadata.name for p in selected.items] == ["py-pod"], [p.metadata.name for p in selected.items]
assert len(v1.list_namespaced_pod(ns, label_selector="app in (py,other)").items) == 2

# A watch from the list's resourceVersion sees what happens after it, and only that.
resource_version = v1.list_namespaced_pod(ns).metadata.resource_version
seen = []


def create_later():
    time.sleep(0.5)
    v1.create_namespaced_pod(ns, pod("watched", {"app": "py"}))
    v1.delete_namespaced_pod("watched", ns)


threading.Thread(target=create_later).start()
w = watch.Watch()
for event in w.stream(v1.list_namespaced_pod, ns, resource_version=resource_version, timeout_seconds=20):
    # Pods are also modified by the scheduler, which marks them unschedulable (this cluster has no nodes).
    if event["object"].metadata.name != "watched" or event["type"] == "MODIFIED":
        continue
    seen.append((event["type"], event["object"].metadata.name))
    if len(seen) == 2:
        w.stop()
assert seen == [("ADDED", "watched"), ("DELETED", "watched")], seen

# Deployments through the apps/v1 client.
deployment = client.V1Deployment(
    metadata=client.V1ObjectMeta(name="py-deploy"),
    spec=client.V1DeploymentSpec(
        replicas=2,
        selector=client.V1LabelSelector(match_labels={"app": "py-deploy"}),
        template=client.V1PodTemplateSpec(
            metadata=client.V1ObjectMeta(labels={"app": "py-deploy"}),
            spec=client.V1PodSpec(containers=[client.V1Container(name="c", image="busybox:local")]))))
made = apps.create_namespaced_deployment(ns, deployment)
assert made.spec.strategy.type == "RollingUpdate", "deployment defaults are applied"
assert made.spec.revision_history_limit == 10
scaled = apps.patch_namespaced_deployment("py-deploy", ns, {"spec": {"replicas": 4}})
assert scaled.spec.replicas == 4
assert scaled.metadata.generation == 2, scaled.metadata.generation
assert [d.metadata.name for d in apps.list_namespaced_deployment(ns).items] == ["py-deploy"]
apps.delete_namespaced_deployment("py-deploy", ns)
expect_status(404, apps.read_namespaced_deployment, "py-deploy", ns)

# Errors come back as ApiException with Kubernetes' status codes.
expect_status(404, v1.read_namespaced_pod, "missing", ns)
expect_status(409, v1.create_namespaced_pod, ns, pod("py-pod", {}))
expect_status(422, v1.create_namespaced_pod, ns, pod("Not_Valid", {}))
stale = v1.read_namespaced_pod("py-pod", ns)
v1.patch_namespaced_pod("py-pod", ns, {"metadata": {"annotations": {"touched": "yes"}}})
stale.metadata.labels["again"] = "x"
expect_status(409, v1.replace_namespaced_pod, "py-pod", ns, stale)

v1.delete_namespaced_pod("py-pod", ns)
v1.delete_namespaced_pod("other", ns)
expect_status(404, v1.read_namespaced_pod, "py-pod", ns)
print("OK")
