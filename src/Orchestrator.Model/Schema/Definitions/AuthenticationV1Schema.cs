using static Orchestrator.Model.Schema.Definitions.TypePrefix;
using static Orchestrator.Model.Schema.FieldType;
using static Orchestrator.Model.Schema.JsonPresence;

namespace Orchestrator.Model.Schema.Definitions;

/// <summary>authentication.k8s.io/v1: token requests (kubectl create token).</summary>
internal static class AuthenticationV1Schema
{
    public static void Define(SchemaBuilder s)
    {
        s.Object(Authentication + "TokenRequest", "authentication.k8s.io/v1", "TokenRequest requests a token for a given service account.")
            .Field(1, "metadata", Ref(Meta + "ObjectMeta"), Always, "Standard object's metadata.")
            .Field(2, "spec", Ref(Authentication + "TokenRequestSpec"), Always, "Spec holds information about the request being evaluated", required: true)
            .Field(3, "status", Ref(Authentication + "TokenRequestStatus"), Always, "Status is filled in by the server and indicates whether the token can be authenticated.");

        s.Message(Authentication + "TokenRequestSpec", "TokenRequestSpec contains client provided parameters of a token request.")
            .Field(1, "audiences", ListOf(Str), Always, "Audiences are the intendend audiences of the token.", required: true)
            .Field(4, "expirationSeconds", Long, NullWhenUnset, "ExpirationSeconds is the requested duration of validity of the request.")
            .Field(3, "boundObjectRef", Ref(Authentication + "BoundObjectReference"), NullWhenUnset, "BoundObjectRef is a reference to an object that the token will be bound to.");

        s.Message(Authentication + "TokenRequestStatus", "TokenRequestStatus is the result of a token request.")
            .Field(1, "token", Str, Always, "Token is the opaque bearer token.", required: true)
            .Field(2, "expirationTimestamp", Time, Always, "ExpirationTimestamp is the time of expiration of the returned token.", required: true);

        s.Message(Authentication + "BoundObjectReference", "BoundObjectReference is a reference to an object that a token is bound to.")
            .Field(1, "kind", Str, OmitEmpty, "Kind of the referent.")
            .Field(2, "apiVersion", Str, OmitEmpty, "API version of the referent.")
            .Field(3, "name", Str, OmitEmpty, "Name of the referent.")
            .Field(4, "uid", Str, OmitEmpty, "UID of the referent.");
    }
}
