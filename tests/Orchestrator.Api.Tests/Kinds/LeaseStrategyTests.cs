using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class LeaseStrategyTests
{
    private const string ValidLease = """
        {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"node-1","namespace":"kube-node-lease"},
         "spec":{"holderIdentity":"node-1","leaseDurationSeconds":40,"acquireTime":"2024-01-01T00:00:00.000000Z",
                 "renewTime":"2024-01-01T00:00:10.123456Z","leaseTransitions":0}}
        """;

    private readonly LeaseStrategy _strategy = new();

    [Theory]
    [InlineData(ValidLease)]
    [InlineData("""{"metadata":{"name":"empty","namespace":"default"},"spec":{}}""")]
    [InlineData("""{"metadata":{"name":"no-spec","namespace":"default"}}""")]
    [InlineData("""{"spec":{"strategy":"OldestEmulationVersion","preferredHolder":"cp-2"}}""")]
    [InlineData("""{"spec":{"strategy":"example.com/custom"}}""")]
    public void Valid_leases_pass(string json)
    {
        var lease = Json(json);
        _strategy.Default(lease);

        Valid(_strategy.ValidateCreate(lease));
        Valid(_strategy.ValidateUpdate(lease, Json(json)));
    }

    public static TheoryData<string, string, FieldErrorType> InvalidLeases => new()
    {
        { """{"spec":{"leaseDurationSeconds":0}}""", "spec.leaseDurationSeconds", FieldErrorType.Invalid },
        { """{"spec":{"leaseDurationSeconds":-15}}""", "spec.leaseDurationSeconds", FieldErrorType.Invalid },
        { """{"spec":{"leaseDurationSeconds":"40s"}}""", "spec.leaseDurationSeconds", FieldErrorType.TypeInvalid },
        { """{"spec":{"leaseTransitions":-1}}""", "spec.leaseTransitions", FieldErrorType.Invalid },
        { """{"spec":{"renewTime":"yesterday"}}""", "spec.renewTime", FieldErrorType.Invalid },
        { """{"spec":{"holderIdentity":7}}""", "spec.holderIdentity", FieldErrorType.TypeInvalid },
        { """{"spec":{"preferredHolder":"cp-2"}}""", "spec.preferredHolder", FieldErrorType.Forbidden },
        { """{"spec":{"strategy":"Newest"}}""", "spec.strategy", FieldErrorType.NotSupported },
        { """{"spec":"node-1"}""", "spec", FieldErrorType.TypeInvalid },
    };

    [Theory]
    [MemberData(nameof(InvalidLeases))]
    public void Invalid_leases_are_refused(string patch, string field, FieldErrorType type)
    {
        var lease = Patch(Json(ValidLease), patch);

        HasError(_strategy.ValidateCreate(lease), field, type);
        HasError(_strategy.ValidateUpdate(lease, Json(ValidLease)), field, type);
    }

    [Fact]
    public void Messages_read_like_Kubernetes()
    {
        var errors = _strategy.ValidateCreate(Patch(Json(ValidLease), """{"spec":{"leaseDurationSeconds":0,"leaseTransitions":-1}}"""));

        Assert.Equal(
            "[spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0, spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0]",
            errors.ToString());
    }

    [Fact]
    public void Leases_are_deleted_at_once()
    {
        Assert.Null(_strategy.DefaultGracePeriodSeconds(Json(ValidLease)));
    }
}
