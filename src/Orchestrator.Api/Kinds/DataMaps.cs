using System.Globalization;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// What ConfigMaps and Secrets share about their data maps: the key rule, the 1 MiB limit on the
/// data together, and base64 as Go's encoding/json reads []byte values (standard alphabet with
/// padding; line breaks ignored, other whitespace refused).
/// </summary>
internal static class DataMaps
{
    /// <summary>Kubernetes' MaxSecretSize, which bounds config maps too.</summary>
    public const int MaxSize = 1024 * 1024;

    public static void ValidateKey(string key, FieldPath path, FieldErrorList errors)
    {
        foreach (var message in ValidationRules.IsConfigMapKey(key))
        {
            errors.Add(FieldError.Invalid(path, key, message));
        }
    }

    public static FieldError TooLong(string field) =>
        new(FieldErrorType.TooLong, field, "", string.Create(CultureInfo.InvariantCulture, $"must have at most {MaxSize} bytes"));

    public static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        bytes = [];
        var compact = text.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
        if (compact.Length % 4 != 0 || compact.Any(c => c is ' ' or '\t'))
        {
            return false;
        }

        var buffer = new byte[compact.Length / 4 * 3];
        if (!Convert.TryFromBase64String(compact, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}
