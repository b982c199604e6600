using System.Diagnostics;
using System.Net.Http;
using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Network;
using Orchestrator.Kubelet.Tests.TestSupport;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Network;

/// <summary>
/// The pod network through Debian's real CNI plugins (root, /usr/lib/cni): the default bridge network written for the
/// node, pods reachable on their own addresses, DEL freeing what ADD took, CHECK after a restart, and plugin errors.
/// </summary>
public sealed class CniPodNetworkTests : IAsyncLifetime
{
    private readonly CniTestNode _node = new("orchtcni0", "100.77.10.0/24");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task An_empty_conf_dir_gets_the_default_bridge_network_over_the_node_podCIDR()
    {
        using var network = new CniPodNetwork(_node.Settings, _node.PodCidr);

        var list = await network.NetworkAsync(CancellationToken.None);

        var file = Path.Combine(_node.Settings.ConfDir, DefaultCniNetwork.FileName);
        Assert.True(File.Exists(file));
        Assert.Equal(["bridge", "portmap"], list.Plugins.Select(p => p["type"]!.ToString()));
        var bridge = list.Plugins[0];
        Assert.Equal("orchtcni0", bridge["bridge"]!.ToString());
        Assert.True(bridge["isGateway"]!.GetValue<bool>());
        Assert.False(bridge["ipMasq"]!.GetValue<bool>());
        Assert.True(bridge["hairpinMode"]!.GetValue<bool>());
        Assert.Equal("100.77.10.1", bridge["ipam"]!["ranges"]![0]![0]!["gateway"]!.ToString());
        Assert.True(list.Plugins[1]["capabilities"]!["portMappings"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Two_pods_serve_the_same_port_each_on_its_own_address_and_reach_the_node()
    {
        using var network = new CniPodNetwork(_node.Settings, _node.PodCidr);
        var servers = new List<Process>();
        try
        {
            var ips = new List<string>();
            foreach (var id in new[] { "aaa1", "bbb2" })
            {
                var netns = await _node.AddNetnsAsync($"orcht-{id}");
                var result = await network.SetUpAsync(CniTestNode.Attachment(id, netns), CancellationToken.None);
                Assert.Equal("100.77.10.1", result.Gateway);
                ips.Add(result.Ip);

                var root = Directory.CreateDirectory(Path.Combine(_node.DataDir, "www-" + id)).FullName;
                await File.WriteAllTextAsync(Path.Combine(root, "index.html"), $"hello from {id}");
                servers.Add(Process.Start("ip", ["netns", "exec", $"orcht-{id}", "/bin/busybox", "httpd", "-f", "-p", "0.0.0.0:8080", "-h", root]));

                // The pod reaches the node: its gateway is the bridge's address on the host.
                var ping = await HostCommand.RunAsync("ip", "netns", "exec", $"orcht-{id}", "/bin/busybox", "ping", "-c", "1", "-W", "3", "100.77.10.1");
                Assert.True(ping.ExitCode == 0, ping.Stdout + ping.Stderr);
            }

            Assert.NotEqual(ips[0], ips[1]);
            Assert.All(ips, ip => Assert.StartsWith("100.77.10.", ip, StringComparison.Ordinal));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            Assert.Equal("hello from aaa1", await GetWithRetryAsync(http, $"http://{ips[0]}:8080/index.html"));
            Assert.Equal("hello from bbb2", await GetWithRetryAsync(http, $"http://{ips[1]}:8080/index.html"));
        }
        finally
        {
            foreach (var server in servers)
            {
                server.Kill();
                await server.WaitForExitAsync();
                server.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_host_port_reaches_the_pod_through_portmap_until_teardown()
    {
        using var network = new CniPodNetwork(_node.Settings, _node.PodCidr);
        var netns = await _node.AddNetnsAsync("orcht-port1");
        var attachment = CniTestNode.Attachment("port1", netns) with { PortMappings = [new(8080, 18431, "TCP", null)] };
        await network.SetUpAsync(attachment, CancellationToken.None);
        var root = Directory.CreateDirectory(Path.Combine(_node.DataDir, "www-port")).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "index.html"), "through the host port");
        using var server = Process.Start("ip", ["netns", "exec", "orcht-port1", "/bin/busybox", "httpd", "-f", "-p", "0.0.0.0:8080", "-h", root]);
        try
        {
            var rules = await HostCommand.CheckedAsync("iptables", "-t", "nat", "-S");
            Assert.Contains("--dport 18431", rules, StringComparison.Ordinal);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            Assert.Equal("through the host port", await GetWithRetryAsync(http, "http://127.0.0.1:18431/index.html"));
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
            await network.TearDownAsync(attachment, CancellationToken.None);
        }

        Assert.DoesNotContain("--dport 18431", await HostCommand.CheckedAsync("iptables", "-t", "nat", "-S"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teardown_frees_the_address_and_removes_the_veth_and_is_idempotent()
    {
        using var network = new CniPodNetwork(_node.Settings, _node.PodCidr);
        var netns = await _node.AddNetnsAsync("orcht-del1");
        var attachment = CniTestNode.Attachment("del1", netns);
        var result = await network.SetUpAsync(attachment, CancellationToken.None);
        Assert.Equal([result.Ip], _node.AllocatedAddresses());
        Assert.Single(await HostCommand.BridgePortsAsync(_node.Bridge));
        var inside = await HostCommand.CheckedAsync("ip", "netns", "exec", "orcht-del1", "ip", "-o", "addr", "show", "eth0");
        Assert.Contains(result.Ip + "/24", inside, StringComparison.Ordinal);

        await network.TearDownAsync(attachment, CancellationToken.None);
        await network.TearDownAsync(attachment, CancellationToken.None);

        Assert.Empty(_node.AllocatedAddresses());
        Assert.Empty(await HostCommand.BridgePortsAsync(_node.Bridge));
        var after = await HostCommand.RunAsync("ip", "netns", "exec", "orcht-del1", "ip", "link", "show", "eth0");
        Assert.NotEqual(0, after.ExitCode);
    }

    [Fact]
    public async Task Teardown_after_the_namespace_is_gone_still_frees_the_address()
    {
        using var network = new CniPodNetwork(_node.Settings, _node.PodCidr);
        var netns = await _node.AddNetnsAsync("orcht-gone");
        var attachment = CniTestNode.Attachment("gone", netns);
        await network.SetUpAsync(attachment, CancellationToken.None);
        await _node.DeleteNetnsAsync("orcht-gone");

        await network.TearDownAsync(attachment, CancellationToken.None);

        Assert.Empty(_node.AllocatedAddresses());
        Assert.Empty(await HostCommand.BridgePortsAsync(_node.Bridge));
    }

    [Fact]
    public async Task A_restarted_kubelet_checks_and_deletes_from_the_cached_result()
    {
        var netns = await _node.AddNetnsAsync("orcht-rst1");
        var attachment = CniTestNode.Attachment("rst1", netns);
        using (var before = new CniPodNetwork(_node.Settings, _node.PodCidr))
        {
            await before.SetUpAsync(attachment, CancellationToken.None);
        }

        using var after = new CniPodNetwork(_node.Settings, _node.PodCidr);
        await after.CheckAsync(attachment, CancellationToken.None);
        Assert.Single(new CniResultCache(_node.Settings.CacheDir).CachedFiles());

        await after.TearDownAsync(attachment, CancellationToken.None);

        Assert.Empty(new CniResultCache(_node.Settings.CacheDir).CachedFiles());
        Assert.Empty(_node.AllocatedAddresses());
        var check = await Assert.ThrowsAsync<CniException>(() => after.CheckAsync(attachment, CancellationToken.None));
        Assert.Contains("no cached result", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_fails_when_the_pod_interface_was_removed()
    {
        using var network = new CniPodNetwork(_node.Settings, _node.PodCidr);
        var netns = await _node.AddNetnsAsync("orcht-chk1");
        var attachment = CniTestNode.Attachment("chk1", netns);
        await network.SetUpAsync(attachment, CancellationToken.None);
        await HostCommand.CheckedAsync("ip", "netns", "exec", "orcht-chk1", "ip", "link", "delete", "eth0");

        var error = await Assert.ThrowsAsync<CniException>(() => network.CheckAsync(attachment, CancellationToken.None));

        Assert.Equal("CHECK", error.Command);
        await network.TearDownAsync(attachment, CancellationToken.None);
        Assert.Empty(_node.AllocatedAddresses());
    }

    [Fact]
    public async Task A_plugin_error_object_becomes_a_clear_exception_and_nothing_is_left_behind()
    {
        Directory.CreateDirectory(_node.Settings.ConfDir);
        var list = new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = "orch-test",
            ["plugins"] = new JsonArray(new JsonObject
            {
                ["type"] = "bridge",
                ["bridge"] = _node.Bridge,
                ["ipam"] = new JsonObject { ["type"] = "host-local", ["dataDir"] = _node.Settings.IpamDataDir, ["ranges"] = new JsonArray(new JsonArray(new JsonObject { ["subnet"] = "not-a-subnet" })) },
            }),
        };
        await File.WriteAllTextAsync(Path.Combine(_node.Settings.ConfDir, "05-broken.conflist"), list.ToJsonString());
        using var network = new CniPodNetwork(_node.Settings, _node.PodCidr);
        var netns = await _node.AddNetnsAsync("orcht-err1");

        var error = await Assert.ThrowsAsync<CniException>(() => network.SetUpAsync(CniTestNode.Attachment("err1", netns), CancellationToken.None));

        Assert.Equal("bridge", error.Plugin);
        Assert.Equal("ADD", error.Command);
        Assert.NotEqual(0, error.Code);
        Assert.Contains("not-a-subnet", error.Message, StringComparison.Ordinal);
        Assert.Empty(await HostCommand.BridgePortsAsync(_node.Bridge));
    }

    [Fact]
    public async Task The_first_configuration_by_name_is_used_instead_of_the_default()
    {
        Directory.CreateDirectory(_node.Settings.ConfDir);
        var ptp = $$$"""
            {"cniVersion":"1.0.0","name":"orch-ptp","plugins":[{"type":"ptp","ipMasq":false,
             "ipam":{"type":"host-local","dataDir":"{{{_node.Settings.IpamDataDir}}}","ranges":[[{"subnet":"100.77.12.0/24"}]]}}]}
            """;
        await File.WriteAllTextAsync(Path.Combine(_node.Settings.ConfDir, "20-ptp.conflist"), ptp);
        await File.WriteAllTextAsync(Path.Combine(_node.Settings.ConfDir, "30-other.conflist"), "not even JSON");
        using var network = new CniPodNetwork(_node.Settings, _node.PodCidr);
        var netns = await _node.AddNetnsAsync("orcht-ptp1");
        var attachment = CniTestNode.Attachment("ptp1", netns);

        var result = await network.SetUpAsync(attachment, CancellationToken.None);

        Assert.Equal("orch-ptp", (await network.NetworkAsync(CancellationToken.None)).Name);
        Assert.StartsWith("100.77.12.", result.Ip, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_node.Settings.ConfDir, DefaultCniNetwork.FileName)));
        var ping = await HostCommand.RunAsync("ip", "netns", "exec", "orcht-ptp1", "/bin/busybox", "ping", "-c", "1", "-W", "3", result.Gateway!);
        Assert.True(ping.ExitCode == 0, ping.Stdout + ping.Stderr);
        await network.TearDownAsync(attachment, CancellationToken.None);
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(_node.Settings.IpamDataDir, "orch-ptp")), f => char.IsDigit(Path.GetFileName(f)[0]));
    }

    [Theory]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","plugins":[]}""", "at least one")]
    [InlineData("""{"cniVersion":"1.0.0","plugins":[{"type":"bridge"}]}""", "name and a cniVersion")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","plugins":[{"bridge":"x"}]}""", "needs a type")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n"}""", "plugins array")]
    [InlineData("[1,2]", "JSON object")]
    public void A_bad_configuration_list_is_refused_with_the_reason(string json, string reason)
    {
        var error = Assert.Throws<CniException>(() => CniNetworkConfigList.Parse(json, "test.conflist"));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_plugin_conf_is_read_as_a_list_of_one_with_name_and_version_injected()
    {
        var list = CniNetworkConfigList.Parse("""{"cniVersion":"0.4.0","name":"single","type":"bridge","bridge":"b0"}""", "x.conf", singlePlugin: true);

        var config = list.PluginConfig(0);

        Assert.Single(list.Plugins);
        Assert.Equal("bridge", config["type"]!.ToString());
        Assert.Equal("single", config["name"]!.ToString());
        Assert.Equal("0.4.0", config["cniVersion"]!.ToString());
    }

    [Fact]
    public async Task A_missing_plugin_is_named_in_the_exception()
    {
        Directory.CreateDirectory(_node.Settings.ConfDir);
        await File.WriteAllTextAsync(
            Path.Combine(_node.Settings.ConfDir, "01-missing.conflist"),
            """{"cniVersion":"1.0.0","name":"orch-test","plugins":[{"type":"no-such-plugin"}]}""");
        using var network = new CniPodNetwork(_node.Settings, _node.PodCidr);
        var netns = await _node.AddNetnsAsync("orcht-err2");

        var error = await Assert.ThrowsAsync<CniException>(() => network.SetUpAsync(CniTestNode.Attachment("err2", netns), CancellationToken.None));

        Assert.Contains("failed to find plugin \"no-such-plugin\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_hundred_pods_set_up_and_torn_down_leak_no_address_interface_namespace_or_cache_entry()
    {
        using var network = new CniPodNetwork(_node.Settings, _node.PodCidr);
        var ips = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var slots = new SemaphoreSlim(4);
        await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            await slots.WaitAsync();
            try
            {
                var name = $"orcht-many{i}";
                var attachment = CniTestNode.Attachment($"many{i}", await _node.AddNetnsAsync(name));
                ips.Add((await network.SetUpAsync(attachment, CancellationToken.None)).Ip);
                await network.TearDownAsync(attachment, CancellationToken.None);
                await _node.DeleteNetnsAsync(name);
            }
            finally
            {
                slots.Release();
            }
        }));

        Assert.Equal(200, ips.Count);
        Assert.Empty(_node.AllocatedAddresses());
        Assert.Empty(await HostCommand.BridgePortsAsync(_node.Bridge));
        Assert.DoesNotContain(await HostCommand.NetnsAsync(), n => n.StartsWith("orcht-many", StringComparison.Ordinal));
        Assert.Empty(new CniResultCache(_node.Settings.CacheDir).CachedFiles());
        var links = await HostCommand.CheckedAsync("ip", "-o", "link");
        Assert.DoesNotContain("master " + _node.Bridge, links, StringComparison.Ordinal);
    }

    private static async Task<string> GetWithRetryAsync(HttpClient http, string url)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await http.GetStringAsync(new Uri(url));
            }
            catch (HttpRequestException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }
}
