using System.Net;
using Orchestrator.Proxy.Endpoints;
using Orchestrator.Proxy.Forwarding;
using Orchestrator.Proxy.Kernel;
using Xunit;

namespace Orchestrator.Proxy.Tests.Kernel;

public sealed class NftablesRulesetTests
{
    private static readonly ListenerKey Web = new("TCP", IPEndPoint.Parse("100.96.0.5:80"));
    private static readonly IPEndPoint PodA = IPEndPoint.Parse("100.64.1.2:8080");
    private static readonly IPEndPoint PodB = IPEndPoint.Parse("100.64.1.3:8080");

    [Fact]
    public void A_service_port_dispatches_round_robin_to_one_dnat_chain_per_endpoint()
    {
        var ruleset = NftablesRuleset.Build(new Dictionary<ListenerKey, EndpointSnapshot> { [Web] = new([PodA, PodB], null) });

        Assert.Equal(["ip daddr . meta l4proto . th dport vmap { 100.96.0.5 . tcp . 80 : goto svc-100.96.0.5-tcp-80 }"], ruleset.Chains["services"]);
        Assert.Equal(
            ["numgen inc mod 2 vmap { 0 : goto ep-100.96.0.5-tcp-80-100.64.1.2-8080, 1 : goto ep-100.96.0.5-tcp-80-100.64.1.3-8080 }"],
            ruleset.Chains["svc-100.96.0.5-tcp-80"]);
        Assert.Equal(
            ["meta mark set meta mark | 0x4000", "meta l4proto tcp dnat to 100.64.1.3:8080"],
            ruleset.Chains["ep-100.96.0.5-tcp-80-100.64.1.3-8080"]);
        Assert.Equal(["jump services"], ruleset.Chains["nat-prerouting"]);
        Assert.Equal(["jump services"], ruleset.Chains["nat-output"]);
        Assert.Empty(ruleset.Sets);
    }

    [Fact]
    public void One_endpoint_is_a_plain_goto_and_udp_dnats_udp()
    {
        var dns = new ListenerKey("UDP", IPEndPoint.Parse("100.96.0.53:53"));
        var ruleset = NftablesRuleset.Build(new Dictionary<ListenerKey, EndpointSnapshot> { [dns] = new([PodA], null) });

        Assert.Equal(["goto ep-100.96.0.53-udp-53-100.64.1.2-8080"], ruleset.Chains["svc-100.96.0.53-udp-53"]);
        Assert.Contains("meta l4proto udp dnat to 100.64.1.2:8080", ruleset.Chains["ep-100.96.0.53-udp-53-100.64.1.2-8080"]);
    }

    [Fact]
    public void A_service_port_without_endpoints_is_rejected_in_the_input_hook_and_has_no_chain()
    {
        var ruleset = NftablesRuleset.Build(new Dictionary<ListenerKey, EndpointSnapshot> { [Web] = EndpointSnapshot.Empty });

        Assert.Contains("ip daddr . meta l4proto . th dport { 100.96.0.5 . tcp . 80 } reject", ruleset.Chains["filter-input"]);
        Assert.Empty(ruleset.Chains["services"]);
        Assert.DoesNotContain("svc-100.96.0.5-tcp-80", ruleset.Chains.Keys);
    }

    [Fact]
    public void Client_ip_affinity_is_a_timeout_set_per_endpoint_checked_before_the_round_robin()
    {
        var ruleset = NftablesRuleset.Build(new Dictionary<ListenerKey, EndpointSnapshot> { [Web] = new([PodA, PodB], TimeSpan.FromSeconds(60)) });

        var set = "affinity-100.96.0.5-tcp-80-100.64.1.2-8080-60";
        Assert.Equal("type ipv4_addr; flags dynamic,timeout; timeout 60s;", ruleset.Sets[set]);
        var service = ruleset.Chains["svc-100.96.0.5-tcp-80"];
        Assert.Equal($"ip saddr @{set} goto ep-100.96.0.5-tcp-80-100.64.1.2-8080", service[0]);
        Assert.StartsWith("numgen inc mod 2", service[^1], StringComparison.Ordinal);
        Assert.Contains($"update @{set} {{ ip saddr }}", ruleset.Chains["ep-100.96.0.5-tcp-80-100.64.1.2-8080"]);
    }

    [Fact]
    public void IPv6_addresses_are_left_out_of_the_ip_table()
    {
        var v6 = new ListenerKey("TCP", IPEndPoint.Parse("[fd00::5]:80"));
        var ruleset = NftablesRuleset.Build(new Dictionary<ListenerKey, EndpointSnapshot>
        {
            [v6] = new([IPEndPoint.Parse("[fd00::1:2]:8080")], null),
            [Web] = new([PodA, IPEndPoint.Parse("[fd00::1:3]:8080")], null),
        });

        Assert.DoesNotContain(ruleset.Chains.Keys, c => c.Contains("fd00", StringComparison.Ordinal));
        Assert.Equal(["goto ep-100.96.0.5-tcp-80-100.64.1.2-8080"], ruleset.Chains["svc-100.96.0.5-tcp-80"]);
    }

    [Fact]
    public void A_first_script_replaces_the_table_and_a_later_one_flushes_refills_and_drops_what_went()
    {
        var before = NftablesRuleset.Build(new Dictionary<ListenerKey, EndpointSnapshot> { [Web] = new([PodA, PodB], TimeSpan.FromSeconds(60)) });
        var after = NftablesRuleset.Build(new Dictionary<ListenerKey, EndpointSnapshot> { [Web] = new([PodA], TimeSpan.FromSeconds(60)) });

        var first = before.Script("ip", "t", "owner", previous: null).Split('\n');
        Assert.Equal(["add table ip t", "delete table ip t", "add table ip t { comment \"owner\"; }"], first[..3]);
        Assert.Contains("add chain ip t nat-prerouting { type nat hook prerouting priority dstnat; policy accept; }", first);

        var next = after.Script("ip", "t", "owner", before).Split('\n');
        Assert.DoesNotContain("delete table ip t", next);
        Assert.Contains("flush chain ip t ep-100.96.0.5-tcp-80-100.64.1.3-8080", next);
        Assert.Contains("delete chain ip t ep-100.96.0.5-tcp-80-100.64.1.3-8080", next);
        Assert.Contains("delete set ip t affinity-100.96.0.5-tcp-80-100.64.1.3-8080-60", next);
        // The set of the endpoint that stays is neither flushed nor deleted: its clients keep their affinity.
        Assert.DoesNotContain(next, l => l.StartsWith("delete set", StringComparison.Ordinal) && l.Contains("100.64.1.2", StringComparison.Ordinal));
        Assert.DoesNotContain(next, l => l.StartsWith("flush set", StringComparison.Ordinal));
        // Chains are all declared before the first rule, which may jump to any of them.
        var firstRule = Array.FindIndex(next, l => l.StartsWith("add rule", StringComparison.Ordinal));
        Assert.True(firstRule > Array.FindLastIndex(next, l => l.StartsWith("add chain", StringComparison.Ordinal)));
    }
}
