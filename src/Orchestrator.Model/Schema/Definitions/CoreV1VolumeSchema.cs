using static Orchestrator.Model.Schema.Definitions.TypePrefix;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;

namespace Orchestrator.Model.Schema.Definitions;

/// <summary>core/v1 volumes: every volume source a pod can mount, and persistent volume claims.</summary>
internal static class CoreV1VolumeSchema
{
    public static void Define(SchemaBuilder s)
    {
        s.Message(Core + "Volume", "Volume represents a named volume in a pod that may be accessed by any container in the pod.")
            .Field(1, "name", Str, Always, "name of the volume.", required: true)
            .Inline(2, Core + "VolumeSource");

        s.Object(Core + "PersistentVolumeClaim", "v1", "PersistentVolumeClaim is a user's request for and claim to a persistent volume")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "spec", Ref(Core + "PersistentVolumeClaimSpec"), Always, "spec defines the desired characteristics of a volume requested by a pod author.")
            .Field(3, "status", Ref(Core + "PersistentVolumeClaimStatus"), Always, "status represents the current information/status of a persistent volume claim.");

        s.Object(Core + "PersistentVolumeClaimList", "v1", "PersistentVolumeClaimList is a list of PersistentVolumeClaim items.")
            .Field(1, "metadata", Ref(Meta + "ListMeta"), Always, "Standard list metadata.")
            .Field(2, "items", ListOf(Ref(Core + "PersistentVolumeClaim")), Always, "items is a list of persistent volume claims.", required: true);

        s.Message(Core + "PersistentVolumeClaimTemplate", "PersistentVolumeClaimTemplate is used to produce PersistentVolumeClaim objects as part of an EphemeralVolumeSource.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "May contain labels and annotations that will be copied into the PVC when creating it.")
            .Field(2, "spec", Ref(Core + "PersistentVolumeClaimSpec"), Always, "The specification for the PersistentVolumeClaim.", required: true);

        s.Message(Core + "VolumeSource", "Represents the source of a volume to mount.")
            .Field(1, "hostPath", Ref(Core + "HostPathVolumeSource"), WhenSet, "hostPath represents a pre-existing file or directory on the host machine that is directly exposed to the container.")
            .Field(2, "emptyDir", Ref(Core + "EmptyDirVolumeSource"), WhenSet, "emptyDir represents a temporary directory that shares a pod's lifetime.")
            .Field(3, "gcePersistentDisk", Ref(Core + "GCEPersistentDiskVolumeSource"), WhenSet, "gcePersistentDisk represents a GCE Disk resource that is attached to a kubelet's host machine and then exposed to the pod.")
            .Field(4, "awsElasticBlockStore", Ref(Core + "AWSElasticBlockStoreVolumeSource"), WhenSet, "awsElasticBlockStore represents an AWS Disk resource that is attached to a kubelet's host machine and then exposed to the pod.")
            .Field(5, "gitRepo", Ref(Core + "GitRepoVolumeSource"), WhenSet, "gitRepo represents a git repository at a particular revision.")
            .Field(6, "secret", Ref(Core + "SecretVolumeSource"), WhenSet, "secret represents a secret that should populate this volume.")
            .Field(7, "nfs", Ref(Core + "NFSVolumeSource"), WhenSet, "nfs represents an NFS mount on the host that shares a pod's lifetime")
            .Field(8, "iscsi", Ref(Core + "ISCSIVolumeSource"), WhenSet, "iscsi represents an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod.")
            .Field(9, "glusterfs", Ref(Core + "GlusterfsVolumeSource"), WhenSet, "glusterfs represents a Glusterfs mount on the host that shares a pod's lifetime.")
            .Field(10, "persistentVolumeClaim", Ref(Core + "PersistentVolumeClaimVolumeSource"), WhenSet, "persistentVolumeClaimVolumeSource represents a reference to a PersistentVolumeClaim in the same namespace.")
            .Field(11, "rbd", Ref(Core + "RBDVolumeSource"), WhenSet, "rbd represents a Rados Block Device mount on the host that shares a pod's lifetime.")
            .Field(12, "flexVolume", Ref(Core + "FlexVolumeSource"), WhenSet, "flexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin.")
            .Field(13, "cinder", Ref(Core + "CinderVolumeSource"), WhenSet, "cinder represents a cinder volume attached and mounted on kubelets host machine.")
            .Field(14, "cephfs", Ref(Core + "CephFSVolumeSource"), WhenSet, "cephFS represents a Ceph FS mount on the host that shares a pod's lifetime")
            .Field(15, "flocker", Ref(Core + "FlockerVolumeSource"), WhenSet, "flocker represents a Flocker volume attached to a kubelet's host machine.")
            .Field(16, "downwardAPI", Ref(Core + "DownwardAPIVolumeSource"), WhenSet, "downwardAPI represents downward API about the pod that should populate this volume")
            .Field(17, "fc", Ref(Core + "FCVolumeSource"), WhenSet, "fc represents a Fibre Channel resource that is attached to a kubelet's host machine and then exposed to the pod.")
            .Field(18, "azureFile", Ref(Core + "AzureFileVolumeSource"), WhenSet, "azureFile represents an Azure File Service mount on the host and bind mount to the pod.")
            .Field(19, "configMap", Ref(Core + "ConfigMapVolumeSource"), WhenSet, "configMap represents a configMap that should populate this volume")
            .Field(20, "vsphereVolume", Ref(Core + "VsphereVirtualDiskVolumeSource"), WhenSet, "vsphereVolume represents a vSphere volume attached and mounted on kubelets host machine")
            .Field(21, "quobyte", Ref(Core + "QuobyteVolumeSource"), WhenSet, "quobyte represents a Quobyte mount on the host that shares a pod's lifetime")
            .Field(22, "azureDisk", Ref(Core + "AzureDiskVolumeSource"), WhenSet, "azureDisk represents an Azure Data Disk mount on the host and bind mount to the pod.")
            .Field(23, "photonPersistentDisk", Ref(Core + "PhotonPersistentDiskVolumeSource"), WhenSet, "photonPersistentDisk represents a PhotonController persistent disk attached and mounted on kubelets host machine")
            .Field(26, "projected", Ref(Core + "ProjectedVolumeSource"), WhenSet, "projected items for all in one resources secrets, configmaps, and downward API")
            .Field(24, "portworxVolume", Ref(Core + "PortworxVolumeSource"), WhenSet, "portworxVolume represents a portworx volume attached and mounted on kubelets host machine")
            .Field(25, "scaleIO", Ref(Core + "ScaleIOVolumeSource"), WhenSet, "scaleIO represents a ScaleIO persistent volume attached and mounted on Kubernetes nodes.")
            .Field(27, "storageos", Ref(Core + "StorageOSVolumeSource"), WhenSet, "storageOS represents a StorageOS volume attached and mounted on Kubernetes nodes.")
            .Field(28, "csi", Ref(Core + "CSIVolumeSource"), WhenSet, "csi (Container Storage Interface) represents ephemeral storage that is handled by certain external CSI drivers (Beta feature).")
            .Field(29, "ephemeral", Ref(Core + "EphemeralVolumeSource"), WhenSet, "ephemeral represents a volume that is handled by a cluster storage driver.")
            .Field(30, "image", Ref(Core + "ImageVolumeSource"), WhenSet, "image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet's host machine.");

        s.Message(Core + "PersistentVolumeClaimSpec", "PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes")
            .Field(1, "accessModes", ListOf(Str), OmitEmpty, "accessModes contains the desired access modes the volume should have.")
            .Field(4, "selector", Ref(Meta + "LabelSelector"), WhenSet, "selector is a label query over volumes to consider for binding.")
            .Field(2, "resources", Ref(Core + "VolumeResourceRequirements"), Always, "resources represents the minimum resources the volume should have.")
            .Field(3, "volumeName", Str, OmitEmpty, "volumeName is the binding reference to the PersistentVolume backing this claim.")
            .Field(5, "storageClassName", Str, WhenSet, "storageClassName is the name of the StorageClass required by the claim.")
            .Field(6, "volumeMode", Str, WhenSet, "volumeMode defines what type of volume is required by the claim.")
            .Field(7, "dataSource", Ref(Core + "TypedLocalObjectReference"), WhenSet, "dataSource field can be used to specify either: * An existing VolumeSnapshot object (snapshot.storage.k8s.io/VolumeSnapshot) * An existing PVC (PersistentVolumeClaim) If the provisioner or an external controller can support the specified data source, it will create a new volume based on the contents of the specified data source.")
            .Field(8, "dataSourceRef", Ref(Core + "TypedObjectReference"), WhenSet, "dataSourceRef specifies the object from which to populate the volume with data, if a non-empty volume is desired.")
            .Field(9, "volumeAttributesClassName", Str, WhenSet, "volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.");

        s.Message(Core + "PersistentVolumeClaimStatus", "PersistentVolumeClaimStatus is the current status of a persistent volume claim.")
            .Field(1, "phase", Str, OmitEmpty, "phase represents the current phase of PersistentVolumeClaim.")
            .Field(2, "accessModes", ListOf(Str), OmitEmpty, "accessModes contains the actual access modes the volume backing the PVC has.")
            .Field(3, "capacity", MapOf(Quantity), OmitEmpty, "capacity represents the actual resources of the underlying volume.")
            .Field(4, "conditions", ListOf(Ref(Core + "PersistentVolumeClaimCondition")), OmitEmpty, "conditions is the current Condition of persistent volume claim.")
            .Field(5, "allocatedResources", MapOf(Quantity), OmitEmpty, "allocatedResources tracks the resources allocated to a PVC including its capacity.")
            .Field(7, "allocatedResourceStatuses", MapOf(Str), OmitEmpty, "allocatedResourceStatuses stores status of resource being resized for the given PVC.")
            .Field(8, "currentVolumeAttributesClassName", Str, WhenSet, "currentVolumeAttributesClassName is the current name of the VolumeAttributesClass the PVC is using.")
            .Field(9, "modifyVolumeStatus", Ref(Core + "ModifyVolumeStatus"), WhenSet, "ModifyVolumeStatus represents the status object of ControllerModifyVolume operation.");

        s.Message(Core + "HostPathVolumeSource", "Represents a host path mapped into a pod.")
            .Field(1, "path", Str, Always, "path of the directory on the host.", required: true)
            .Field(2, "type", Str, WhenSet, "type for HostPath Volume Defaults to \"\"");

        s.Message(Core + "EmptyDirVolumeSource", "Represents an empty directory for a pod.")
            .Field(1, "medium", Str, OmitEmpty, "medium represents what type of storage medium should back this directory.")
            .Field(2, "sizeLimit", Quantity, WhenSet, "sizeLimit is the total amount of local storage required for this EmptyDir volume.");

        s.Message(Core + "GCEPersistentDiskVolumeSource", "Represents a Persistent Disk resource in Google Compute Engine.")
            .Field(1, "pdName", Str, Always, "pdName is unique name of the PD resource in GCE.", required: true)
            .Field(2, "fsType", Str, OmitEmpty, "fsType is filesystem type of the volume that you want to mount.")
            .Field(3, "partition", Int, OmitEmpty, "partition is the partition in the volume that you want to mount.")
            .Field(4, "readOnly", Bool, OmitEmpty, "readOnly here will force the ReadOnly setting in VolumeMounts.");

        s.Message(Core + "AWSElasticBlockStoreVolumeSource", "Represents a Persistent Disk resource in AWS.")
            .Field(1, "volumeID", Str, Always, "volumeID is unique ID of the persistent disk resource in AWS (Amazon EBS volume).", required: true)
            .Field(2, "fsType", Str, OmitEmpty, "fsType is the filesystem type of the volume that you want to mount.")
            .Field(3, "partition", Int, OmitEmpty, "partition is the partition in the volume that you want to mount.")
            .Field(4, "readOnly", Bool, OmitEmpty, "readOnly value true will force the readOnly setting in VolumeMounts.");

        s.Message(Core + "GitRepoVolumeSource", "Represents a volume that is populated with the contents of a git repository.")
            .Field(1, "repository", Str, Always, "repository is the URL", required: true)
            .Field(2, "revision", Str, OmitEmpty, "revision is the commit hash for the specified revision.")
            .Field(3, "directory", Str, OmitEmpty, "directory is the target directory name.");

        s.Message(Core + "SecretVolumeSource", "Adapts a Secret into a volume.")
            .Field(1, "secretName", Str, OmitEmpty, "secretName is the name of the secret in the pod's namespace to use.")
            .Field(2, "items", ListOf(Ref(Core + "KeyToPath")), OmitEmpty, "items If unspecified, each key-value pair in the Data field of the referenced Secret will be projected into the volume as a file whose name is the key and content is the value.")
            .Field(3, "defaultMode", Int, WhenSet, "defaultMode is Optional: mode bits used to set permissions on created files by default.")
            .Field(4, "optional", Bool, WhenSet, "optional field specify whether the Secret or its keys must be defined");

        s.Message(Core + "NFSVolumeSource", "Represents an NFS mount that lasts the lifetime of a pod.")
            .Field(1, "server", Str, Always, "server is the hostname or IP address of the NFS server.", required: true)
            .Field(2, "path", Str, Always, "path that is exported by the NFS server.", required: true)
            .Field(3, "readOnly", Bool, OmitEmpty, "readOnly here will force the NFS export to be mounted with read-only permissions.");

        s.Message(Core + "ISCSIVolumeSource", "Represents an ISCSI disk.")
            .Field(1, "targetPortal", Str, Always, "targetPortal is iSCSI Target Portal.", required: true)
            .Field(2, "iqn", Str, Always, "iqn is the target iSCSI Qualified Name.", required: true)
            .Field(3, "lun", Int, Always, "lun represents iSCSI Target Lun number.", required: true)
            .Field(4, "iscsiInterface", Str, OmitEmpty, "iscsiInterface is the interface Name that uses an iSCSI transport.")
            .Field(5, "fsType", Str, OmitEmpty, "fsType is the filesystem type of the volume that you want to mount.")
            .Field(6, "readOnly", Bool, OmitEmpty, "readOnly here will force the ReadOnly setting in VolumeMounts.")
            .Field(7, "portals", ListOf(Str), OmitEmpty, "portals is the iSCSI Target Portal List.")
            .Field(8, "chapAuthDiscovery", Bool, OmitEmpty, "chapAuthDiscovery defines whether support iSCSI Discovery CHAP authentication")
            .Field(11, "chapAuthSession", Bool, OmitEmpty, "chapAuthSession defines whether support iSCSI Session CHAP authentication")
            .Field(10, "secretRef", Ref(Core + "LocalObjectReference"), WhenSet, "secretRef is the CHAP Secret for iSCSI target and initiator authentication")
            .Field(12, "initiatorName", Str, WhenSet, "initiatorName is the custom iSCSI Initiator Name.");

        s.Message(Core + "GlusterfsVolumeSource", "Represents a Glusterfs mount that lasts the lifetime of a pod.")
            .Field(1, "endpoints", Str, Always, "endpoints is the endpoint name that details Glusterfs topology.", required: true)
            .Field(2, "path", Str, Always, "path is the Glusterfs volume path.", required: true)
            .Field(3, "readOnly", Bool, OmitEmpty, "readOnly here will force the Glusterfs volume to be mounted with read-only permissions.");

        s.Message(Core + "PersistentVolumeClaimVolumeSource", "PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace.")
            .Field(1, "claimName", Str, Always, "claimName is the name of a PersistentVolumeClaim in the same namespace as the pod using this volume.", required: true)
            .Field(2, "readOnly", Bool, OmitEmpty, "readOnly Will force the ReadOnly setting in VolumeMounts.");

        s.Message(Core + "RBDVolumeSource", "Represents a Rados Block Device mount that lasts the lifetime of a pod.")
            .Field(1, "monitors", ListOf(Str), Always, "monitors is a collection of Ceph monitors.", required: true)
            .Field(2, "image", Str, Always, "image is the rados image name.", required: true)
            .Field(3, "fsType", Str, OmitEmpty, "fsType is the filesystem type of the volume that you want to mount.")
            .Field(4, "pool", Str, OmitEmpty, "pool is the rados pool name.")
            .Field(5, "user", Str, OmitEmpty, "user is the rados user name.")
            .Field(6, "keyring", Str, OmitEmpty, "keyring is the path to key ring for RBDUser.")
            .Field(7, "secretRef", Ref(Core + "LocalObjectReference"), WhenSet, "secretRef is name of the authentication secret for RBDUser.")
            .Field(8, "readOnly", Bool, OmitEmpty, "readOnly here will force the ReadOnly setting in VolumeMounts.");

        s.Message(Core + "FlexVolumeSource", "FlexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin.")
            .Field(1, "driver", Str, Always, "driver is the name of the driver to use for this volume.", required: true)
            .Field(2, "fsType", Str, OmitEmpty, "fsType is the filesystem type to mount.")
            .Field(3, "secretRef", Ref(Core + "LocalObjectReference"), WhenSet, "secretRef is Optional: secretRef is reference to the secret object containing sensitive information to pass to the plugin scripts.")
            .Field(4, "readOnly", Bool, OmitEmpty, "readOnly is Optional: defaults to false (read/write).")
            .Field(5, "options", MapOf(Str), OmitEmpty, "options is Optional: this field holds extra command options if any.");

        s.Message(Core + "CinderVolumeSource", "Represents a cinder volume resource in Openstack.")
            .Field(1, "volumeID", Str, Always, "volumeID used to identify the volume in cinder.", required: true)
            .Field(2, "fsType", Str, OmitEmpty, "fsType is the filesystem type to mount.")
            .Field(3, "readOnly", Bool, OmitEmpty, "readOnly defaults to false (read/write).")
            .Field(4, "secretRef", Ref(Core + "LocalObjectReference"), WhenSet, "secretRef is optional: points to a secret object containing parameters used to connect to OpenStack.");

        s.Message(Core + "CephFSVolumeSource", "Represents a Ceph Filesystem mount that lasts the lifetime of a pod Cephfs volumes do not support ownership management or SELinux relabeling.")
            .Field(1, "monitors", ListOf(Str), Always, "monitors is Required: Monitors is a collection of Ceph monitors", required: true)
            .Field(2, "path", Str, OmitEmpty, "path is Optional: Used as the mounted root, rather than the full Ceph tree, default is /")
            .Field(3, "user", Str, OmitEmpty, "user is optional: User is the rados user name, default is admin")
            .Field(4, "secretFile", Str, OmitEmpty, "secretFile is Optional: SecretFile is the path to key ring for User, default is /etc/ceph/user.secret")
            .Field(5, "secretRef", Ref(Core + "LocalObjectReference"), WhenSet, "secretRef is Optional: SecretRef is reference to the authentication secret for User, default is empty.")
            .Field(6, "readOnly", Bool, OmitEmpty, "readOnly is Optional: Defaults to false (read/write).");

        s.Message(Core + "FlockerVolumeSource", "Represents a Flocker volume mounted by the Flocker agent.")
            .Field(1, "datasetName", Str, OmitEmpty, "datasetName is Name of the dataset stored as metadata -> name on the dataset for Flocker should be considered as deprecated")
            .Field(2, "datasetUUID", Str, OmitEmpty, "datasetUUID is the UUID of the dataset.");

        s.Message(Core + "DownwardAPIVolumeSource", "DownwardAPIVolumeSource represents a volume containing downward API info.")
            .Field(1, "items", ListOf(Ref(Core + "DownwardAPIVolumeFile")), OmitEmpty, "Items is a list of downward API volume file")
            .Field(2, "defaultMode", Int, WhenSet, "Optional: mode bits to use on created files by default.");

        s.Message(Core + "FCVolumeSource", "Represents a Fibre Channel volume.")
            .Field(1, "targetWWNs", ListOf(Str), OmitEmpty, "targetWWNs is Optional: FC target worldwide names (WWNs)")
            .Field(2, "lun", Int, WhenSet, "lun is Optional: FC target lun number")
            .Field(3, "fsType", Str, OmitEmpty, "fsType is the filesystem type to mount.")
            .Field(4, "readOnly", Bool, OmitEmpty, "readOnly is Optional: Defaults to false (read/write).")
            .Field(5, "wwids", ListOf(Str), OmitEmpty, "wwids Optional: FC volume world wide identifiers (wwids) Either wwids or combination of targetWWNs and lun must be set, but not both simultaneously.");

        s.Message(Core + "AzureFileVolumeSource", "AzureFile represents an Azure File Service mount on the host and bind mount to the pod.")
            .Field(1, "secretName", Str, Always, "secretName is the name of secret that contains Azure Storage Account Name and Key", required: true)
            .Field(2, "shareName", Str, Always, "shareName is the azure share Name", required: true)
            .Field(3, "readOnly", Bool, OmitEmpty, "readOnly defaults to false (read/write).");

        s.Message(Core + "ConfigMapVolumeSource", "Adapts a ConfigMap into a volume.")
            .Inline(1, Core + "LocalObjectReference")
            .Field(2, "items", ListOf(Ref(Core + "KeyToPath")), OmitEmpty, "items if unspecified, each key-value pair in the Data field of the referenced ConfigMap will be projected into the volume as a file whose name is the key and content is the value.")
            .Field(3, "defaultMode", Int, WhenSet, "defaultMode is optional: mode bits used to set permissions on created files by default.")
            .Field(4, "optional", Bool, WhenSet, "optional specify whether the ConfigMap or its keys must be defined");

        s.Message(Core + "VsphereVirtualDiskVolumeSource", "Represents a vSphere volume resource.")
            .Field(1, "volumePath", Str, Always, "volumePath is the path that identifies vSphere volume vmdk", required: true)
            .Field(2, "fsType", Str, OmitEmpty, "fsType is filesystem type to mount.")
            .Field(3, "storagePolicyName", Str, OmitEmpty, "storagePolicyName is the storage Policy Based Management (SPBM) profile name.")
            .Field(4, "storagePolicyID", Str, OmitEmpty, "storagePolicyID is the storage Policy Based Management (SPBM) profile ID associated with the StoragePolicyName.");

        s.Message(Core + "QuobyteVolumeSource", "Represents a Quobyte mount that lasts the lifetime of a pod.")
            .Field(1, "registry", Str, Always, "registry represents a single or multiple Quobyte Registry services specified as a string as host:port pair (multiple entries are separated with commas) which acts as the central registry for volumes", required: true)
            .Field(2, "volume", Str, Always, "volume is a string that references an already created Quobyte volume by name.", required: true)
            .Field(3, "readOnly", Bool, OmitEmpty, "readOnly here will force the Quobyte volume to be mounted with read-only permissions.")
            .Field(4, "user", Str, OmitEmpty, "user to map volume access to Defaults to serivceaccount user")
            .Field(5, "group", Str, OmitEmpty, "group to map volume access to Default is no group")
            .Field(6, "tenant", Str, OmitEmpty, "tenant owning the given Quobyte volume in the Backend Used with dynamically provisioned Quobyte volumes, value is set by the plugin");

        s.Message(Core + "AzureDiskVolumeSource", "AzureDisk represents an Azure Data Disk mount on the host and bind mount to the pod.")
            .Field(1, "diskName", Str, Always, "diskName is the Name of the data disk in the blob storage", required: true)
            .Field(2, "diskURI", Str, Always, "diskURI is the URI of data disk in the blob storage", required: true)
            .Field(3, "cachingMode", Str, WhenSet, "cachingMode is the Host Caching mode: None, Read Only, Read Write.")
            .Field(4, "fsType", Str, WhenSet, "fsType is Filesystem type to mount.")
            .Field(5, "readOnly", Bool, WhenSet, "readOnly Defaults to false (read/write).")
            .Field(6, "kind", Str, WhenSet, "kind expected values are Shared: multiple blob disks per storage account Dedicated: single blob disk per storage account Managed: azure managed data disk (only in managed availability set).");

        s.Message(Core + "PhotonPersistentDiskVolumeSource", "Represents a Photon Controller persistent disk resource.")
            .Field(1, "pdID", Str, Always, "pdID is the ID that identifies Photon Controller persistent disk", required: true)
            .Field(2, "fsType", Str, OmitEmpty, "fsType is the filesystem type to mount.");

        s.Message(Core + "ProjectedVolumeSource", "Represents a projected volume source")
            .Field(1, "sources", ListOf(Ref(Core + "VolumeProjection")), Always, "sources is the list of volume projections.")
            .Field(2, "defaultMode", Int, WhenSet, "defaultMode are the mode bits used to set permissions on created files by default.");

        s.Message(Core + "PortworxVolumeSource", "PortworxVolumeSource represents a Portworx volume resource.")
            .Field(1, "volumeID", Str, Always, "volumeID uniquely identifies a Portworx volume", required: true)
            .Field(2, "fsType", Str, OmitEmpty, "fSType represents the filesystem type to mount Must be a filesystem type supported by the host operating system.")
            .Field(3, "readOnly", Bool, OmitEmpty, "readOnly defaults to false (read/write).");

        s.Message(Core + "ScaleIOVolumeSource", "ScaleIOVolumeSource represents a persistent ScaleIO volume")
            .Field(1, "gateway", Str, Always, "gateway is the host address of the ScaleIO API Gateway.", required: true)
            .Field(2, "system", Str, Always, "system is the name of the storage system as configured in ScaleIO.", required: true)
            .Field(3, "secretRef", Ref(Core + "LocalObjectReference"), NullWhenUnset, "secretRef references to the secret for ScaleIO user and other sensitive information.", required: true)
            .Field(4, "sslEnabled", Bool, OmitEmpty, "sslEnabled Flag enable/disable SSL communication with Gateway, default false")
            .Field(5, "protectionDomain", Str, OmitEmpty, "protectionDomain is the name of the ScaleIO Protection Domain for the configured storage.")
            .Field(6, "storagePool", Str, OmitEmpty, "storagePool is the ScaleIO Storage Pool associated with the protection domain.")
            .Field(7, "storageMode", Str, OmitEmpty, "storageMode indicates whether the storage for a volume should be ThickProvisioned or ThinProvisioned.")
            .Field(8, "volumeName", Str, OmitEmpty, "volumeName is the name of a volume already created in the ScaleIO system that is associated with this volume source.")
            .Field(9, "fsType", Str, OmitEmpty, "fsType is the filesystem type to mount.")
            .Field(10, "readOnly", Bool, OmitEmpty, "readOnly Defaults to false (read/write).");

        s.Message(Core + "StorageOSVolumeSource", "Represents a StorageOS persistent volume resource.")
            .Field(1, "volumeName", Str, OmitEmpty, "volumeName is the human-readable name of the StorageOS volume.")
            .Field(2, "volumeNamespace", Str, OmitEmpty, "volumeNamespace specifies the scope of the volume within StorageOS.")
            .Field(3, "fsType", Str, OmitEmpty, "fsType is the filesystem type to mount.")
            .Field(4, "readOnly", Bool, OmitEmpty, "readOnly defaults to false (read/write).")
            .Field(5, "secretRef", Ref(Core + "LocalObjectReference"), WhenSet, "secretRef specifies the secret to use for obtaining the StorageOS API credentials.");

        s.Message(Core + "CSIVolumeSource", "Represents a source location of a volume to mount, managed by an external CSI driver")
            .Field(1, "driver", Str, Always, "driver is the name of the CSI driver that handles this volume.", required: true)
            .Field(2, "readOnly", Bool, WhenSet, "readOnly specifies a read-only configuration for the volume.")
            .Field(3, "fsType", Str, WhenSet, "fsType to mount.")
            .Field(4, "volumeAttributes", MapOf(Str), OmitEmpty, "volumeAttributes stores driver-specific properties that are passed to the CSI driver.")
            .Field(5, "nodePublishSecretRef", Ref(Core + "LocalObjectReference"), WhenSet, "nodePublishSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver to complete the CSI NodePublishVolume and NodeUnpublishVolume calls.");

        s.Message(Core + "EphemeralVolumeSource", "Represents an ephemeral volume that is handled by a normal storage driver.")
            .Field(1, "volumeClaimTemplate", Ref(Core + "PersistentVolumeClaimTemplate"), WhenSet, "Will be used to create a stand-alone PVC to provision the volume.");

        s.Message(Core + "ImageVolumeSource", "ImageVolumeSource represents a image volume resource.")
            .Field(1, "reference", Str, OmitEmpty, "Required: Image or artifact reference to be used.")
            .Field(2, "pullPolicy", Str, OmitEmpty, "Policy for pulling OCI objects.");

        s.Message(Core + "VolumeResourceRequirements", "VolumeResourceRequirements describes the storage resource requirements for a volume.")
            .Field(1, "limits", MapOf(Quantity), OmitEmpty, "Limits describes the maximum amount of compute resources allowed.")
            .Field(2, "requests", MapOf(Quantity), OmitEmpty, "Requests describes the minimum amount of compute resources required.");

        s.Message(Core + "TypedLocalObjectReference", "TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace.")
            .Field(1, "apiGroup", Str, NullWhenUnset, "APIGroup is the group for the resource being referenced.")
            .Field(2, "kind", Str, Always, "Kind is the type of resource being referenced", required: true)
            .Field(3, "name", Str, Always, "Name is the name of resource being referenced", required: true);

        s.Message(Core + "TypedObjectReference", "TypedObjectReference contains enough information to let you locate the typed referenced object")
            .Field(1, "apiGroup", Str, NullWhenUnset, "APIGroup is the group for the resource being referenced.")
            .Field(2, "kind", Str, Always, "Kind is the type of resource being referenced", required: true)
            .Field(3, "name", Str, Always, "Name is the name of resource being referenced", required: true)
            .Field(4, "namespace", Str, WhenSet, "Namespace is the namespace of resource being referenced Note that when a namespace is specified, a gateway.networking.k8s.io/ReferenceGrant object is required in the referent namespace to allow that namespace's owner to accept the reference.");

        s.Message(Core + "PersistentVolumeClaimCondition", "PersistentVolumeClaimCondition contains details about state of pvc")
            .Field(1, "type", Str, Always, "Type is the type of the condition.", required: true)
            .Field(2, "status", Str, Always, "Status is the status of the condition.", required: true)
            .Field(3, "lastProbeTime", Time, Always, "lastProbeTime is the time we probed the condition.")
            .Field(4, "lastTransitionTime", Time, Always, "lastTransitionTime is the time the condition transitioned from one status to another.")
            .Field(5, "reason", Str, OmitEmpty, "reason is a unique, this should be a short, machine understandable string that gives the reason for condition's last transition.")
            .Field(6, "message", Str, OmitEmpty, "message is the human-readable message indicating details about last transition.");

        s.Message(Core + "ModifyVolumeStatus", "ModifyVolumeStatus represents the status object of ControllerModifyVolume operation")
            .Field(1, "targetVolumeAttributesClassName", Str, OmitEmpty, "targetVolumeAttributesClassName is the name of the VolumeAttributesClass the PVC currently being reconciled")
            .Field(2, "status", Str, Always, "status is the status of the ControllerModifyVolume operation.", required: true);

        s.Message(Core + "KeyToPath", "Maps a string key to a path within a volume.")
            .Field(1, "key", Str, Always, "key is the key to project.", required: true)
            .Field(2, "path", Str, Always, "path is the relative path of the file to map the key to.", required: true)
            .Field(3, "mode", Int, WhenSet, "mode is Optional: mode bits used to set permissions on this file.");

        s.Message(Core + "DownwardAPIVolumeFile", "DownwardAPIVolumeFile represents information to create the file containing the pod field")
            .Field(1, "path", Str, Always, "Required: Path is the relative path name of the file to be created.", required: true)
            .Field(2, "fieldRef", Ref(Core + "ObjectFieldSelector"), WhenSet, "Required: Selects a field of the pod: only annotations, labels, name, namespace and uid are supported.")
            .Field(3, "resourceFieldRef", Ref(Core + "ResourceFieldSelector"), WhenSet, "Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, requests.cpu and requests.memory) are currently supported.")
            .Field(4, "mode", Int, WhenSet, "Optional: mode bits used to set permissions on this file, must be an octal value between 0000 and 0777 or a decimal value between 0 and 511.");

        s.Message(Core + "VolumeProjection", "Projection that may be projected along with other supported volume types.")
            .Field(1, "secret", Ref(Core + "SecretProjection"), WhenSet, "secret information about the secret data to project")
            .Field(2, "downwardAPI", Ref(Core + "DownwardAPIProjection"), WhenSet, "downwardAPI information about the downwardAPI data to project")
            .Field(3, "configMap", Ref(Core + "ConfigMapProjection"), WhenSet, "configMap information about the configMap data to project")
            .Field(4, "serviceAccountToken", Ref(Core + "ServiceAccountTokenProjection"), WhenSet, "serviceAccountToken is information about the serviceAccountToken data to project")
            .Field(5, "clusterTrustBundle", Ref(Core + "ClusterTrustBundleProjection"), WhenSet, "ClusterTrustBundle allows a pod to access the `.spec.trustBundle` field of ClusterTrustBundle objects in an auto-updating file.");

        s.Message(Core + "SecretProjection", "Adapts a secret into a projected volume.")
            .Inline(1, Core + "LocalObjectReference")
            .Field(2, "items", ListOf(Ref(Core + "KeyToPath")), OmitEmpty, "items if unspecified, each key-value pair in the Data field of the referenced Secret will be projected into the volume as a file whose name is the key and content is the value.")
            .Field(4, "optional", Bool, WhenSet, "optional field specify whether the Secret or its key must be defined");

        s.Message(Core + "DownwardAPIProjection", "Represents downward API info for projecting into a projected volume.")
            .Field(1, "items", ListOf(Ref(Core + "DownwardAPIVolumeFile")), OmitEmpty, "Items is a list of DownwardAPIVolume file");

        s.Message(Core + "ConfigMapProjection", "Adapts a ConfigMap into a projected volume.")
            .Inline(1, Core + "LocalObjectReference")
            .Field(2, "items", ListOf(Ref(Core + "KeyToPath")), OmitEmpty, "items if unspecified, each key-value pair in the Data field of the referenced ConfigMap will be projected into the volume as a file whose name is the key and content is the value.")
            .Field(4, "optional", Bool, WhenSet, "optional specify whether the ConfigMap or its keys must be defined");

        s.Message(Core + "ServiceAccountTokenProjection", "ServiceAccountTokenProjection represents a projected service account token volume.")
            .Field(1, "audience", Str, OmitEmpty, "audience is the intended audience of the token.")
            .Field(2, "expirationSeconds", Long, WhenSet, "expirationSeconds is the requested duration of validity of the service account token.")
            .Field(3, "path", Str, Always, "path is the path relative to the mount point of the file to project the token into.", required: true);

        s.Message(Core + "ClusterTrustBundleProjection", "ClusterTrustBundleProjection describes how to select a set of ClusterTrustBundle objects and project their contents into the pod filesystem.")
            .Field(1, "name", Str, WhenSet, "Select a single ClusterTrustBundle by object name.")
            .Field(2, "signerName", Str, WhenSet, "Select all ClusterTrustBundles that match this signer name.")
            .Field(3, "labelSelector", Ref(Meta + "LabelSelector"), WhenSet, "Select all ClusterTrustBundles that match this label selector.")
            .Field(5, "optional", Bool, WhenSet, "If true, don't block pod startup if the referenced ClusterTrustBundle(s) aren't available.")
            .Field(4, "path", Str, Always, "Relative path from the volume root to write the bundle.", required: true);
    }
}
