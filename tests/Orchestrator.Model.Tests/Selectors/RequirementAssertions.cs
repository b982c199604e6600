using Orchestrator.Model.Selectors;
using Xunit;

namespace Orchestrator.Model.Tests.Selectors;

internal static class RequirementAssertions
{
    public static void AssertIs(this (string Key, SelectorOperator Operator, IReadOnlyList<string> Values) actual, string key, SelectorOperator op, params string[] values)
    {
        Assert.Equal(key, actual.Key);
        Assert.Equal(op, actual.Operator);
        Assert.Equal(values, actual.Values);
    }
}
