using System.Text.Json;

namespace Orchestrator.Kubelet.Runtime.Process;

/// <summary>
/// The process runtime's state on disk: one JSON file per sandbox (<c>sandboxes/ID.json</c>) and per container
/// (<c>containers/ID/state.json</c>, beside its output and logs), written atomically, so a restarted kubelet finds
/// what it ran.
/// </summary>
public sealed class ProcessStateStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly string _sandboxes;
    private readonly string _containers;

    public ProcessStateStore(string stateDir)
    {
        _sandboxes = Path.Combine(stateDir, "sandboxes");
        _containers = Path.Combine(stateDir, "containers");
        Directory.CreateDirectory(_sandboxes);
        Directory.CreateDirectory(_containers);
    }

    /// <summary>The directory of a container's files (state, raw output, CRI log).</summary>
    public string ContainerDir(string id) => Path.Combine(_containers, id);

    public void Save(SandboxRecord sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        Write(Path.Combine(_sandboxes, sandbox.Id + ".json"), JsonSerializer.Serialize(sandbox, Json));
    }

    public void Save(ContainerRecord container)
    {
        ArgumentNullException.ThrowIfNull(container);
        Directory.CreateDirectory(ContainerDir(container.Id));
        Write(Path.Combine(ContainerDir(container.Id), "state.json"), JsonSerializer.Serialize(container, Json));
    }

    public void Delete(SandboxRecord sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        File.Delete(Path.Combine(_sandboxes, sandbox.Id + ".json"));
    }

    public void Delete(ContainerRecord container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (Directory.Exists(ContainerDir(container.Id)))
        {
            Directory.Delete(ContainerDir(container.Id), recursive: true);
        }
    }

    public IEnumerable<SandboxRecord> LoadSandboxes() =>
        Directory.GetFiles(_sandboxes, "*.json").Select(f => Read<SandboxRecord>(f)).OfType<SandboxRecord>();

    public IEnumerable<ContainerRecord> LoadContainers() =>
        Directory.GetDirectories(_containers).Select(d => Read<ContainerRecord>(Path.Combine(d, "state.json"))).OfType<ContainerRecord>();

    private static T? Read<T>(string file)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(file), Json);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            // A torn write from a crash: the object is lost, as containerd loses a half-written task.
            return null;
        }
    }

    private static void Write(string file, string json)
    {
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, json);
        File.Move(temporary, file, overwrite: true);
    }
}
