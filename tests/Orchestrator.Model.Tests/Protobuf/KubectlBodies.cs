namespace Orchestrator.Model.Tests.Protobuf;

/// <summary>
/// Request bodies kubectl 1.32 sent to a local listener standing in for the API server, beside the
/// JSON <c>--dry-run=client -o json</c> prints for the same command: Kubernetes' own JSON for the object.
/// </summary>
internal static class KubectlBodies
{
    public static IReadOnlyDictionary<string, KubectlBody> ByKind { get; } = new Dictionary<string, KubectlBody>
    {
        ["Namespace"] = new(
            "kubectl create namespace demo",
            "6b3873000a0f0a02763112094e616d657370616365121c0a140a0464656d6f12001a0022002a0032003800420012001a"
            + "020a001a002200",
            "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"demo\",\"creationTimestamp\":null},\"spec\":{},\"status\":{}}"),
        ["ConfigMap"] = new(
            "kubectl create configmap cfg --from-literal=a=1 --from-literal=b=two",
            "6b3873000a0f0a0276311209436f6e6669674d617012270a130a0363666712001a0022002a0032003800420012060a01"
            + "6112013112080a0162120374776f1a002200",
            "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"cfg\",\"creationTimestamp\":null},\"data\":{\"a\":\"1\",\"b\":\"two\"}}"),
        ["Secret"] = new(
            "kubectl create secret generic sec --from-literal=password=s3cret",
            "6b3873000a0c0a0276311206536563726574122b0a130a0373656312001a0022002a0032003800420012120a08706173"
            + "73776f726412067333637265741a001a002200",
            "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"sec\",\"creationTimestamp\":null},\"data\":{\"password\":\"czNjcmV0\"}}"),
        ["Deployment"] = new(
            "kubectl create deployment web --image=nginx:1.27 --replicas=0 --port=80",
            "6b3873000a150a07617070732f7631120a4465706c6f796d656e7412bd010a1f0a0377656212001a0022002a00320038"
            + "0042005a0a0a036170701203776562128b010800120c0a0a0a0361707012037765621a710a1c0a0012001a0022002a00"
            + "3200380042005a0a0a036170701203776562125112330a056e67696e78120a6e67696e783a312e32372a00320a0a0010"
            + "00185022002a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a"
            + "0100c2010022020a00280038001a0c0800100018002000280038001a002200",
            "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"web\",\"creationTimestamp\":null,\"labels\":{\"app\":\"web\"}},\"spec\":{\"replicas\":0,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"creationTimestamp\":null,\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.27\",\"ports\":[{\"containerPort\":80}],\"resources\":{}}]}},\"strategy\":{}},\"status\":{}}"),
        ["Service"] = new(
            "kubectl create service clusterip svc --tcp=80:8080",
            "6b3873000a0d0a02763112075365727669636512690a1f0a0373766312001a0022002a003200380042005a0a0a036170"
            + "70120373766312420a1b0a0738302d38303830120354435018502207080010903f1a002800120a0a0361707012037376"
            + "631a002209436c757374657249503a00420052005a00600068001a020a001a002200",
            "{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"svc\",\"creationTimestamp\":null,\"labels\":{\"app\":\"svc\"}},\"spec\":{\"ports\":[{\"name\":\"80-8080\",\"protocol\":\"TCP\",\"port\":80,\"targetPort\":8080}],\"selector\":{\"app\":\"svc\"},\"type\":\"ClusterIP\"},\"status\":{\"loadBalancer\":{}}}"),
        ["Job"] = new(
            "kubectl create job once --image=busybox -- echo hi",
            "6b3873000a0f0a0862617463682f763112034a6f621288010a140a046f6e636512001a0022002a003200380042001266"
            + "32640a100a0012001a0022002a003200380042001250122d0a046f6e6365120762757379626f781a046563686f1a0268"
            + "692a0042006a007200800100880100900100a201001a054e65766572320042004a0052005800600068008201008a0100"
            + "9a0100c201001a082000280030003a001a002200",
            "{\"kind\":\"Job\",\"apiVersion\":\"batch/v1\",\"metadata\":{\"name\":\"once\",\"creationTimestamp\":null},\"spec\":{\"template\":{\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"containers\":[{\"name\":\"once\",\"image\":\"busybox\",\"command\":[\"echo\",\"hi\"],\"resources\":{}}],\"restartPolicy\":\"Never\"}}},\"status\":{}}"),
        ["ServiceAccount"] = new(
            "kubectl create serviceaccount robot",
            "6b3873000a140a027631120e536572766963654163636f756e7412170a150a05726f626f7412001a0022002a00320038"
            + "0042001a002200",
            "{\"kind\":\"ServiceAccount\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"robot\",\"creationTimestamp\":null}}"),
        ["CronJob"] = new(
            "kubectl create cronjob cj --image=busybox --schedule=\"*/5 * * * *\" -- date",
            "6b3873000a130a0862617463682f7631120743726f6e4a6f6212a4010a120a02636a12001a0022002a00320038004200"
            + "128b010a0b2a2f35202a202a202a202a1a002a7a0a120a02636a12001a0022002a00320038004200126432620a100a00"
            + "12001a0022002a00320038004200124e12270a02636a120762757379626f781a04646174652a0042006a007200800100"
            + "880100900100a201001a094f6e4661696c757265320042004a0052005800600068008201008a01009a0100c201001a00"
            + "1a002200",
            "{\"kind\":\"CronJob\",\"apiVersion\":\"batch/v1\",\"metadata\":{\"name\":\"cj\",\"creationTimestamp\":null},\"spec\":{\"schedule\":\"*/5 * * * *\",\"jobTemplate\":{\"metadata\":{\"name\":\"cj\",\"creationTimestamp\":null},\"spec\":{\"template\":{\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"containers\":[{\"name\":\"cj\",\"image\":\"busybox\",\"command\":[\"date\"],\"resources\":{}}],\"restartPolicy\":\"OnFailure\"}}}}},\"status\":{}}"),
        ["ResourceQuota"] = new(
            "kubectl create quota q --hard=cpu=1,memory=1Gi,pods=2",
            "6b3873000a130a027631120d5265736f7572636551756f746112410a110a017112001a0022002a00320038004200122a"
            + "0a0a0a0363707512030a01310a0f0a066d656d6f727912050a033147690a0b0a04706f647312030a01321a001a002200",
            "{\"kind\":\"ResourceQuota\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"q\",\"creationTimestamp\":null},\"spec\":{\"hard\":{\"cpu\":\"1\",\"memory\":\"1Gi\",\"pods\":\"2\"}},\"status\":{}}"),
        ["PriorityClass"] = new(
            "kubectl create priorityclass high --value=1000 --description=important",
            "6b3873000a250a147363686564756c696e672e6b38732e696f2f7631120d5072696f72697479436c617373123c0a140a"
            + "046869676812001a0022002a0032003800420010e80718002209696d706f7274616e742a14507265656d70744c6f7765"
            + "725072696f726974791a002200",
            "{\"kind\":\"PriorityClass\",\"apiVersion\":\"scheduling.k8s.io/v1\",\"metadata\":{\"name\":\"high\",\"creationTimestamp\":null},\"value\":1000,\"description\":\"important\",\"preemptionPolicy\":\"PreemptLowerPriority\"}"),
        ["TokenRequest"] = new(
            "kubectl create token robot --duration=10m --audience=api",
            "6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e526571756573741222"
            + "0a100a0012001a0022002a0032003800420012080a0361706920d8041a040a0012001a002200",
            // create token has no --dry-run: this is what Go's encoding/json shows for the TokenRequest it sends.
            "{\"kind\":\"TokenRequest\",\"apiVersion\":\"authentication.k8s.io/v1\",\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"audiences\":[\"api\"],\"expirationSeconds\":600,\"boundObjectRef\":null},\"status\":{\"token\":\"\",\"expirationTimestamp\":null}}"),
        ["Ingress"] = new(
            "kubectl create ingress ing --rule=\"foo.com/bar=svc1:8080\"",
            "6b3873000a1f0a146e6574776f726b696e672e6b38732e696f2f76311207496e6772657373124a0a130a03696e671200"
            + "1a0022002a00320038004200122f1a2d0a07666f6f2e636f6d12220a200a1e0a042f626172120f220d0a047376633112"
            + "050a0010903f1a0545786163741a020a001a002200",
            "{\"kind\":\"Ingress\",\"apiVersion\":\"networking.k8s.io/v1\",\"metadata\":{\"name\":\"ing\",\"creationTimestamp\":null},\"spec\":{\"rules\":[{\"host\":\"foo.com\",\"http\":{\"paths\":[{\"path\":\"/bar\",\"pathType\":\"Exact\",\"backend\":{\"service\":{\"name\":\"svc1\",\"port\":{\"number\":8080}}}}]}}]},\"status\":{\"loadBalancer\":{}}}"),
        ["PodDisruptionBudget"] = new(
            "kubectl create poddisruptionbudget pdb --selector=app=x --min-available=1",
            "6b3873000a200a09706f6c6963792f76311213506f6444697372757074696f6e42756467657412370a130a0370646212"
            + "001a0022002a0032003800420012140a06080010011a00120a0a080a036170701201781a0a080018002000280030001a"
            + "002200",
            "{\"kind\":\"PodDisruptionBudget\",\"apiVersion\":\"policy/v1\",\"metadata\":{\"name\":\"pdb\",\"creationTimestamp\":null},\"spec\":{\"minAvailable\":1,\"selector\":{\"matchLabels\":{\"app\":\"x\"}}},\"status\":{\"disruptionsAllowed\":0,\"currentHealthy\":0,\"desiredHealthy\":0,\"expectedPods\":0}}"),
        ["ClusterRoleBinding"] = new(
            "kubectl create clusterrolebinding crb --clusterrole=view --user=alice",
            "6b3873000a320a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f76311212436c7573746572526f6c"
            + "6542696e64696e6712710a130a0363726212001a0022002a00320038004200122a0a04557365721219726261632e6175"
            + "74686f72697a6174696f6e2e6b38732e696f1a05616c69636522001a2e0a19726261632e617574686f72697a6174696f"
            + "6e2e6b38732e696f120b436c7573746572526f6c651a04766965771a002200",
            "{\"kind\":\"ClusterRoleBinding\",\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"metadata\":{\"name\":\"crb\",\"creationTimestamp\":null},\"subjects\":[{\"kind\":\"User\",\"apiGroup\":\"rbac.authorization.k8s.io\",\"name\":\"alice\"}],\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\"view\"}}"),
    };
}
