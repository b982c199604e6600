using System.Globalization;

namespace Orchestrator.Model.Validation;

/// <summary>
/// One field-level validation error, worded like Kubernetes' field.Error
/// (<c>spec.containers[0].name: Required value</c>). The gateway turns a list of them into a 422 Status.
/// </summary>
public sealed record FieldError
{
    public FieldError(FieldErrorType type, string field, object? badValue, string detail)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(detail);
        Type = type;
        Field = field;
        BadValue = badValue;
        Detail = detail;
    }

    public FieldErrorType Type { get; }

    /// <summary>The field path as printed, e.g. <c>metadata.name</c>.</summary>
    public string Field { get; }

    /// <summary>The offending value; printed in the message for the types that show values.</summary>
    public object? BadValue { get; }

    public string Detail { get; }

    /// <summary>The metav1.StatusCause type, e.g. <c>FieldValueRequired</c>.</summary>
    public string CauseType => Type switch
    {
        FieldErrorType.NotFound => "FieldValueNotFound",
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.Internal => "InternalError",
        _ => "FieldValueTypeInvalid",
    };

    /// <summary>The message without the field name, as in a StatusCause.</summary>
    public string ErrorBody
    {
        get
        {
            var body = Type is FieldErrorType.Required or FieldErrorType.Forbidden or FieldErrorType.TooLong or FieldErrorType.Internal
                || (Type == FieldErrorType.TooMany && BadValue is null)
                ? TypeText
                : TypeText + ": " + GoFormat.Value(BadValue);
            return Detail.Length == 0 ? body : body + ": " + Detail;
        }
    }

    private string TypeText => Type switch
    {
        FieldErrorType.NotFound => "Not found",
        FieldErrorType.Required => "Required value",
        FieldErrorType.Duplicate => "Duplicate value",
        FieldErrorType.Invalid or FieldErrorType.TypeInvalid => "Invalid value",
        FieldErrorType.NotSupported => "Unsupported value",
        FieldErrorType.Forbidden => "Forbidden",
        FieldErrorType.TooLong => "Too long",
        FieldErrorType.TooMany => "Too many",
        _ => "Internal error",
    };

    public static FieldError NotFound(FieldPath path, object? value) => new(FieldErrorType.NotFound, PathText(path), value, string.Empty);

    public static FieldError Required(FieldPath path, string detail = "") => new(FieldErrorType.Required, PathText(path), string.Empty, detail);

    public static FieldError Duplicate(FieldPath path, object? value) => new(FieldErrorType.Duplicate, PathText(path), value, string.Empty);

    public static FieldError Invalid(FieldPath path, object? value, string detail) => new(FieldErrorType.Invalid, PathText(path), value, detail);

    public static FieldError NotSupported(FieldPath path, object? value, IEnumerable<string> validValues)
    {
        ArgumentNullException.ThrowIfNull(validValues);
        var quoted = validValues.Select(GoFormat.Quote).ToList();
        var detail = quoted.Count == 0 ? string.Empty : "supported values: " + string.Join(", ", quoted);
        return new(FieldErrorType.NotSupported, PathText(path), value, detail);
    }

    public static FieldError Forbidden(FieldPath path, string detail) => new(FieldErrorType.Forbidden, PathText(path), string.Empty, detail);

    public static FieldError TooLong(FieldPath path, object? value, int maxLength) =>
        new(FieldErrorType.TooLong, PathText(path), value, string.Create(CultureInfo.InvariantCulture, $"must have at most {maxLength} bytes"));

    public static FieldError TooMany(FieldPath path, int actual, int max) =>
        new(FieldErrorType.TooMany, PathText(path), actual >= 0 ? actual : null,
            max >= 0 ? string.Create(CultureInfo.InvariantCulture, $"must have at most {max} items") : "has too many items");

    public static FieldError Internal(FieldPath path, string detail) => new(FieldErrorType.Internal, PathText(path), null, detail);

    /// <summary><c>field: body</c>, exactly as Kubernetes prints a field error.</summary>
    public override string ToString() => Field + ": " + ErrorBody;

    private static string PathText(FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.ToString();
    }
}
