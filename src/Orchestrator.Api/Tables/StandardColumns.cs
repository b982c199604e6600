namespace Orchestrator.Api.Tables;

/// <summary>The columns many kinds share, with Kubernetes' names, types and descriptions.</summary>
internal static class StandardColumns
{
    public static TableColumn Name { get; } = DefaultTableConvertor.Instance.Columns[0];

    public static TableColumn Age { get; } = DefaultTableConvertor.Instance.Columns[1];

    /// <summary>The wide CONTAINERS column of workloads.</summary>
    public static TableColumn Containers { get; } = new("Containers", "string", "Names of each container in the template.", Priority: 1);

    /// <summary>The wide IMAGES column of workloads.</summary>
    public static TableColumn Images { get; } = new("Images", "string", "Images referenced by each container in the template.", Priority: 1);
}
