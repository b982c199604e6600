using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Tests.Kinds;

/// <summary>Runs a strategy's steps in the order the gateway's ObjectWrites runs them.</summary>
internal static class StrategyFlow
{
    /// <summary>Defaulting, the uid the gateway assigns first, PrepareForCreate, then validation.</summary>
    public static FieldErrorList Create(IResourceStrategy strategy, JsonObject obj, string uid = "3f9c1d2e-0000-4000-8000-000000000001")
    {
        KubeObject.Metadata(obj)["uid"] = uid;
        strategy.Default(obj);
        strategy.PrepareForCreate(obj);
        return strategy.ValidateCreate(obj);
    }

    /// <summary>The stored status kept, defaulting, PrepareForUpdate, then update validation.</summary>
    public static FieldErrorList Update(IResourceStrategy strategy, JsonObject obj, JsonObject old)
    {
        obj["status"] = old["status"]?.DeepClone();
        strategy.Default(obj);
        strategy.PrepareForUpdate(obj, old);
        return strategy.ValidateUpdate(obj, old);
    }

    /// <summary>A created object, asserting it is valid.</summary>
    public static JsonObject Created(IResourceStrategy strategy, string json)
    {
        var obj = KindAssert.Json(json);
        KindAssert.Valid(Create(strategy, obj));
        return obj;
    }
}
