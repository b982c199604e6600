namespace Orchestrator.Model.Validation;

/// <summary>Why a field is invalid; mirrors Kubernetes' field.ErrorType.</summary>
public enum FieldErrorType
{
    NotFound,
    Required,
    Duplicate,
    Invalid,
    NotSupported,
    Forbidden,
    TooLong,
    TooMany,
    Internal,
    TypeInvalid,
}
