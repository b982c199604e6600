using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class ServiceAccountStrategyTests
{
    private readonly ServiceAccountStrategy _strategy = new();

    [Fact]
    public void A_service_account_with_secrets_is_valid()
    {
        Valid(StrategyFlow.Create(_strategy, Json("""
            {"metadata":{"name":"builder","namespace":"default"},"secrets":[{"name":"builder-token"}],
             "imagePullSecrets":[{"name":"registry"}],"automountServiceAccountToken":false}
            """)));
    }

    [Fact]
    public void Fields_of_the_wrong_shape_are_refused()
    {
        var errors = StrategyFlow.Create(_strategy, Json("""
            {"metadata":{"name":"builder","namespace":"default"},"secrets":["builder-token"],"automountServiceAccountToken":"no"}
            """));

        HasError(errors, "secrets[0]", FieldErrorType.TypeInvalid);
        HasError(errors, "automountServiceAccountToken", FieldErrorType.TypeInvalid);
    }
}
