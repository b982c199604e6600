namespace Orchestrator.Model.Schema;

/// <summary>Whether a field holds one value, a list (protobuf repeated) or a map with string keys.</summary>
public enum FieldShape
{
    Single,

    /// <summary>A JSON array; a repeated field in protobuf (scalars unpacked, packed also read).</summary>
    List,

    /// <summary>A JSON object; in protobuf a repeated entry message {string key=1; value=2}.</summary>
    Map,
}
