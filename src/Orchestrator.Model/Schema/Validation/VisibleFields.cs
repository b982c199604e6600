namespace Orchestrator.Model.Schema.Validation;

/// <summary>
/// The fields a message shows in JSON: its own named fields and, recursively, those of the messages
/// it embeds inline (Go <c>json:",inline"</c>), each with the message that declares it. A top-level
/// kind also shows <c>apiVersion</c> and <c>kind</c> (its inline TypeMeta, which the schema leaves out
/// because protobuf carries them outside the message).
/// </summary>
internal static class VisibleFields
{
    /// <summary>The JSON name of a kind's apiVersion and kind, which no message declares.</summary>
    public static bool IsTypeMeta(MessageSchema message, string jsonName) =>
        message.IsKind && jsonName is "apiVersion" or "kind";

    /// <summary>The field named <paramref name="jsonName"/> in the message's JSON, with the message declaring it; null when unknown.</summary>
    public static (FieldSchema Field, MessageSchema Declaring)? Find(MessageSchema message, string jsonName)
    {
        if (message.FieldByJsonName(jsonName) is { } field)
        {
            return (field, message);
        }

        foreach (var inline in message.Fields)
        {
            if (inline.IsInline && Find(inline.Message, jsonName) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Every named field in JSON order, inline messages' fields in place of their inline field.</summary>
    public static IEnumerable<(FieldSchema Field, MessageSchema Declaring)> Of(MessageSchema message)
    {
        foreach (var field in message.Fields)
        {
            if (!field.IsInline)
            {
                yield return (field, message);
                continue;
            }

            foreach (var nested in Of(field.Message))
            {
                yield return nested;
            }
        }
    }
}
