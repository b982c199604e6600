using System.Text.Json.Nodes;
using Orchestrator.Api.Errors;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>What an authentication.k8s.io/v1 TokenRequest binds its token to (its spec.boundObjectRef).</summary>
public sealed record BoundObjectReference(string Kind, string ApiVersion, string Name, string Uid)
{
    /// <summary>The group of <see cref="ApiVersion"/>: "" for "v1" or none.</summary>
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    /// <summary>The version of <see cref="ApiVersion"/>.</summary>
    public string Version => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[(ApiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..] : ApiVersion;

    /// <summary>As Go prints a schema.GroupVersionKind: "/v1, Kind=Node", "apps/v1, Kind=Deployment".</summary>
    public string GroupVersionKind => $"{Group}/{Version}, Kind={Kind}";
}

/// <summary>
/// An authentication.k8s.io/v1 TokenRequest posted to <c>serviceaccounts/{name}/token</c>: not a stored
/// kind, but a request for a token of that service account. Parsing checks the body as Kubernetes'
/// decoder and token REST do: the types of its fields (400), the name and namespace against the URL (422);
/// <see cref="Validate"/> is Kubernetes' ValidateTokenRequest.
/// </summary>
public sealed record TokenRequest
{
    public const string ApiVersion = "authentication.k8s.io/v1";
    public const string Kind = "TokenRequest";
    public const string Group = "authentication.k8s.io";

    /// <summary>spec.expirationSeconds when the request leaves it out: one hour.</summary>
    public const long DefaultExpirationSeconds = 60 * 60;

    /// <summary>The shortest lifetime a token may be asked for: ten minutes.</summary>
    public const long MinExpirationSeconds = 10 * 60;

    /// <summary>The longest lifetime a token may be asked for: 2^32 seconds.</summary>
    public const long MaxExpirationSeconds = 1L << 32;

    /// <summary>The request's metadata, echoed in the answer.</summary>
    public required JsonObject Metadata { get; init; }

    /// <summary>spec.audiences; empty when the request names none (the API's audiences are then used).</summary>
    public required IReadOnlyList<string> Audiences { get; init; }

    public long ExpirationSeconds { get; init; } = DefaultExpirationSeconds;

    public BoundObjectReference? BoundObjectRef { get; init; }

    /// <summary>Parses a TokenRequest for service account <paramref name="name"/> in <paramref name="namespaceName"/>.</summary>
    public static TokenRequest Parse(JsonObject body, string namespaceName, string name)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (KubeObject.ApiVersion(body) is { Length: > 0 } apiVersion && apiVersion != ApiVersion)
        {
            throw StatusException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({ApiVersion})");
        }

        if (KubeObject.Kind(body) is { Length: > 0 } kind && kind != Kind)
        {
            throw StatusException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({Kind})");
        }

        var errors = new FieldErrorList();
        var metadata = JsonFields.ReadObject(body, "metadata", FieldPath.Root("metadata"), errors);
        var specPath = FieldPath.Root("spec");
        var spec = JsonFields.ReadObject(body, "spec", specPath, errors);
        var audiences = new List<string>();
        var audiencesPath = specPath.Child("audiences");
        var audienceArray = JsonFields.ReadArray(spec, "audiences", audiencesPath, errors) ?? [];
        for (var i = 0; i < audienceArray.Count; i++)
        {
            if (JsonFields.TryString(audienceArray[i], out var audience))
            {
                audiences.Add(audience);
            }
            else
            {
                errors.Add(JsonFields.TypeError(audiencesPath.Index(i), audienceArray[i], "must be a string"));
            }
        }

        var expiration = JsonFields.ReadInteger(spec, "expirationSeconds", specPath.Child("expirationSeconds"), errors);
        var refPath = specPath.Child("boundObjectRef");
        var reference = JsonFields.ReadObject(spec, "boundObjectRef", refPath, errors);
        BoundObjectReference? bound = null;
        if (reference is not null)
        {
            bound = new BoundObjectReference(
                JsonFields.ReadString(reference, "kind", refPath.Child("kind"), errors),
                JsonFields.ReadString(reference, "apiVersion", refPath.Child("apiVersion"), errors),
                JsonFields.ReadString(reference, "name", refPath.Child("name"), errors),
                JsonFields.ReadString(reference, "uid", refPath.Child("uid"), errors));
        }

        var bodyName = JsonFields.ReadString(metadata, "name", FieldPath.Root("metadata", "name"), errors);
        var bodyNamespace = JsonFields.ReadString(metadata, "namespace", FieldPath.Root("metadata", "namespace"), errors);
        if (!errors.IsEmpty)
        {
            // Kubernetes' decoder fails on the first field of the wrong type, before anything is checked.
            throw StatusException.BadRequest($"{Kind} in version \"v1\" cannot be handled as a {Kind}: {errors}");
        }

        if (bodyName.Length > 0 && bodyName != name)
        {
            throw Invalid(name, FieldError.Invalid(FieldPath.Root("metadata", "name"), bodyName, "must match the service account name if specified"));
        }

        if (bodyNamespace.Length > 0 && bodyNamespace != namespaceName)
        {
            throw Invalid(name, FieldError.Invalid(FieldPath.Root("metadata", "namespace"), bodyNamespace, "must match the service account namespace if specified"));
        }

        return new TokenRequest
        {
            Metadata = metadata?.DeepClone().AsObject() ?? [],
            Audiences = audiences,
            ExpirationSeconds = expiration ?? DefaultExpirationSeconds,
            BoundObjectRef = bound,
        };
    }

    /// <summary>Kubernetes' ValidateTokenRequest: the lifetime between ten minutes and 2^32 seconds.</summary>
    public FieldErrorList Validate()
    {
        var errors = new FieldErrorList();
        var path = FieldPath.Root("spec", "expirationSeconds");
        if (ExpirationSeconds < MinExpirationSeconds)
        {
            errors.Add(FieldError.Invalid(path, ExpirationSeconds, "may not specify a duration less than 10 minutes"));
        }

        if (ExpirationSeconds > MaxExpirationSeconds)
        {
            errors.Add(FieldError.Invalid(path, ExpirationSeconds, "may not specify a duration larger than 2^32 seconds"));
        }

        return errors;
    }

    /// <summary>A 422 against TokenRequest.authentication.k8s.io, as Kubernetes' NewInvalid words it.</summary>
    public static StatusException Invalid(string name, params IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(name);
        var list = new FieldErrorList(errors);
        var causes = new JsonArray();
        foreach (var error in list)
        {
            causes.Add(new JsonObject { ["reason"] = error.CauseType, ["message"] = error.ErrorBody, ["field"] = error.Field });
        }

        var details = new JsonObject { ["name"] = name, ["group"] = Group, ["kind"] = Kind, ["causes"] = causes };
        return new StatusException(422, "Invalid", list.ToInvalidMessage($"{Kind}.{Group}", name), details);
    }
}
