namespace Orchestrator.Model.Objects;

/// <summary>
/// A key met again in the same JSON object (or YAML mapping): where it is, as Kubernetes' strict decoder
/// names it (<c>spec.template.spec.containers[0].imagePullPolicy</c>), the key itself, the 1-based line
/// of the repeated occurrence and its place among all the keys of the document.
/// </summary>
public sealed record DuplicateKey(string Path, string Key, int Line, int Position)
{
    /// <summary>Kubernetes' words for it in a JSON body: <c>duplicate field "spec.paused"</c>.</summary>
    public string FieldMessage => $"duplicate field \"{Path}\"";
}
