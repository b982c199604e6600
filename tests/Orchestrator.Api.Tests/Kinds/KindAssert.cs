using System.Text.Json.Nodes;
using Orchestrator.Model.Patching;
using Orchestrator.Model.Validation;
using Xunit;

namespace Orchestrator.Api.Tests.Kinds;

/// <summary>Builds objects from JSON text and checks field errors by path and type, printing them all on failure.</summary>
internal static class KindAssert
{
    public static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>A copy of <paramref name="target"/> with an RFC 7386 merge patch applied (arrays are replaced).</summary>
    public static JsonObject Patch(JsonObject target, string mergePatch) =>
        JsonMergePatch.Apply(target, JsonNode.Parse(mergePatch))!.AsObject();

    public static void Valid(FieldErrorList errors)
    {
        if (!errors.IsEmpty)
        {
            Assert.Fail("expected no errors, got: " + errors);
        }
    }

    public static FieldError HasError(FieldErrorList errors, string field, FieldErrorType type)
    {
        var match = errors.FirstOrDefault(e => e.Field == field && e.Type == type);
        if (match is null)
        {
            Assert.Fail($"expected {type} at '{field}', got: {(errors.IsEmpty ? "no errors" : errors.ToString())}");
        }

        return match;
    }
}
