using Orchestrator.Hocon;
using Orchestrator.Kubelet.Hollow;

namespace Orchestrator.Kubelet.Tests.TestSupport;

/// <summary>The simulator's settings from reference.conf with a test's overrides (HOCON), as the command reads them.</summary>
public static class TestSettings
{
    public static HollowKubeletSettings From(string overrides = "") =>
        HollowKubeletSettings.FromConfig(Config.ParseString(overrides, new HoconParseOptions { Fallback = ReferenceConfig.Load() }));
}
