using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Event;
using Orchestrator.Proxy.Endpoints;
using Orchestrator.Proxy.Forwarding;

namespace Orchestrator.Proxy.Kernel;

/// <summary>
/// The proxy's kernel mode (kube-proxy's nftables mode): every Service address is a DNAT rule in one nftables table
/// of this proxy's own, so packets go from client to endpoint inside the kernel, never through a socket of ours. The
/// table is rewritten (one atomic <c>nft -f</c> transaction, <see cref="NftablesRuleset.Script"/>) whenever a
/// listener changes; changes that arrive while a write runs are folded into the next one. The table's comment names
/// the process that owns it, so a proxy that starts deletes the tables of proxies that died without cleaning up
/// (kill -9) instead of leaving their rules to catch traffic for addresses another cluster now uses.
/// </summary>
public sealed partial class NftablesProxier : IDisposable
{
    /// <summary>Every proxy's table name starts with this.</summary>
    public const string TablePrefix = "orchestrator-proxy-";

    private const string Family = "ip";

    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<ListenerKey, EndpointSnapshot> _wanted = [];
    private readonly ILoggingAdapter _log;
    private readonly string _comment;
    private Dictionary<ListenerKey, EndpointSnapshot> _installed = [];
    private NftablesRuleset? _ruleset;
    private Task _writing = Task.CompletedTask;
    private bool _writeRunning;
    private bool _dirty;
    private bool _disposed;

    private NftablesProxier(string table, ILoggingAdapter log)
    {
        Table = table;
        _log = log;
        _comment = $"orchestrator service proxy pid={Environment.ProcessId} start={ProcessStart(Environment.ProcessId)}";
    }

    public string Table { get; }

    /// <summary>Whether this machine can run the kernel mode: root, and nft installed.</summary>
    public static string? Unavailable() =>
        !Environment.IsPrivilegedProcess ? "not root"
        : HostTool.Find("nft") is null ? "nft is not installed"
        : null;

    /// <summary>
    /// Writes the proxy's empty table (replacing one an earlier run of it left), deletes dead proxies' tables, and
    /// lets the kernel route DNATed packets from and to 127.x (node ports and load-balancer addresses on loopback).
    /// </summary>
    /// <exception cref="InvalidOperationException">nft refused the table (no nf_tables in this kernel).</exception>
    /// <exception cref="IOException">The sysctl cannot be written (a read-only /proc/sys).</exception>
    public static async Task<NftablesProxier> StartAsync(string table, ILoggingAdapter log, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentNullException.ThrowIfNull(log);
        // kube-proxy sets the same for its localhost node ports; its input rule (here in filter-input) drops what this
        // would otherwise let in from outside. First, so that a machine that refuses it is left with no table either.
        await File.WriteAllTextAsync("/proc/sys/net/ipv4/conf/all/route_localnet", "1", cancellationToken).ConfigureAwait(false);
        var proxier = new NftablesProxier(table, log);
        await proxier.DeleteDeadTablesAsync(cancellationToken).ConfigureAwait(false);
        await proxier.WriteAsync(new Dictionary<ListenerKey, EndpointSnapshot>(), cancellationToken).ConfigureAwait(false);
        return proxier;
    }

    /// <summary>A listener for the Service address whose rules this proxier keeps.</summary>
    public IServiceListener Open(ListenerKey key) => new KernelListener(this, key);

    /// <summary>Completes when every change made so far is in the kernel (for tests and the benchmark).</summary>
    public Task WrittenAsync()
    {
        lock (_gate)
        {
            return _writing;
        }
    }

    public void Dispose()
    {
        Task writing;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            writing = _writing;
        }

        // A write under way finishes first, so that it cannot put the table back after the delete (it starts no other).
        writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();

        // The rules go with the process that served them; a process killed before this runs leaves them to the next
        // proxy's clean-up of dead tables.
        var (code, _, stderr) = HostTool.NftAsync(["delete", "table", Family, Table]).GetAwaiter().GetResult();
        if (code != 0)
        {
            _log.Warning("proxy: cannot delete nftables table {0}: {1}", Table, stderr.Trim());
        }
    }

    internal bool IsInstalled(ListenerKey key, EndpointSnapshot snapshot)
    {
        lock (_gate)
        {
            return _installed.TryGetValue(key, out var installed) && installed.SameAs(snapshot);
        }
    }

    internal void Set(ListenerKey key, EndpointSnapshot snapshot)
    {
        lock (_gate)
        {
            _wanted[key] = snapshot;
            RequestWrite();
        }
    }

    internal void Remove(ListenerKey key)
    {
        lock (_gate)
        {
            if (_wanted.Remove(key))
            {
                RequestWrite();
            }
        }
    }

    /// <summary>Starts a write, or marks one due after the running one. Called under the lock.</summary>
    private void RequestWrite()
    {
        if (_disposed)
        {
            return;
        }

        if (_writeRunning)
        {
            _dirty = true;
            return;
        }

        _writeRunning = true;
        _writing = Task.Run(WriteLoopAsync);
    }

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            Dictionary<ListenerKey, EndpointSnapshot> wanted;
            lock (_gate)
            {
                if (_disposed)
                {
                    _writeRunning = false;
                    return;
                }

                wanted = new Dictionary<ListenerKey, EndpointSnapshot>(_wanted);
                _dirty = false;
            }

            try
            {
                await WriteAsync(wanted, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Whatever failed, the loop goes on (one that ended here would leave every later change unwritten),
                // and writes the table whole again after a pause, as kube-proxy retries a failed sync.
                _log.Error("proxy: cannot write the nftables table {0}: {1}; writing it whole again in {2}", Table, e.Message, RetryAfterFailure);
                await Task.Delay(RetryAfterFailure).ConfigureAwait(false);
                lock (_gate)
                {
                    _dirty = true;
                }
            }

            lock (_gate)
            {
                if (!_dirty)
                {
                    _writeRunning = false;
                    return;
                }
            }
        }
    }

    private async Task WriteAsync(Dictionary<ListenerKey, EndpointSnapshot> wanted, CancellationToken cancellationToken)
    {
        var ruleset = NftablesRuleset.Build(wanted);
        var script = ruleset.Script(Family, Table, _comment, _ruleset);
        var (code, _, stderr) = await HostTool.NftAsync(["-f", "-"], script, cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            // The next write starts from an empty table rather than from what may be half there.
            _ruleset = null;
            throw new InvalidOperationException($"nft -f: {stderr.Trim()}");
        }

        Dictionary<ListenerKey, EndpointSnapshot> before;
        lock (_gate)
        {
            before = _installed;
            _installed = wanted;
        }

        _ruleset = ruleset;
        await ForgetUdpFlowsAsync(before, wanted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// UDP has no connection to end: conntrack keeps sending a client's datagrams to the endpoint its first one went
    /// to. When a UDP Service address loses an endpoint its flows are deleted, so the next datagram is balanced again
    /// (kube-proxy does the same). Needs the conntrack tool; without it stale flows last until conntrack's timeout.
    /// </summary>
    private async Task ForgetUdpFlowsAsync(
        Dictionary<ListenerKey, EndpointSnapshot> before, Dictionary<ListenerKey, EndpointSnapshot> after, CancellationToken cancellationToken)
    {
        var stale = before
            .Where(b => b.Key.Protocol == "UDP"
                && b.Value.Endpoints.Any(e => !after.TryGetValue(b.Key, out var now) || !now.Set.Contains(e)))
            .Select(b => b.Key)
            .ToList();
        if (stale.Count == 0)
        {
            return;
        }

        if (HostTool.Find("conntrack") is not { } conntrack)
        {
            _log.Warning("proxy: conntrack is not installed; UDP flows to removed endpoints of {0} last until they time out", string.Join(", ", stale));
            return;
        }

        foreach (var key in stale)
        {
            // Exit code 1 means there was no such flow.
            await HostTool.RunAsync(
                    conntrack,
                    ["-D", "-p", "udp", "--orig-dst", key.Address.Address.ToString(), "--orig-port-dst", key.Address.Port.ToString(CultureInfo.InvariantCulture)],
                    null,
                    cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the tables of proxies whose process is gone (or is another process with a reused pid).</summary>
    private async Task DeleteDeadTablesAsync(CancellationToken cancellationToken)
    {
        var (code, tables, stderr) = await HostTool.NftAsync(["list", "tables", Family], null, cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"nft list tables: {stderr.Trim()}");
        }

        foreach (Match table in TableLine().Matches(tables))
        {
            var name = table.Groups[1].Value;
            if (name == Table)
            {
                continue;
            }

            var (listed, text, _) = await HostTool.NftAsync(["list", "table", Family, name], null, cancellationToken).ConfigureAwait(false);
            if (listed != 0 || Owner().Match(text) is not { Success: true } owner)
            {
                continue;
            }

            var pid = int.Parse(owner.Groups[1].Value, CultureInfo.InvariantCulture);
            if (ProcessStart(pid) == owner.Groups[2].Value)
            {
                continue;
            }

            _log.Info("proxy: deleting nftables table {0} of a proxy that is gone (pid {1})", name, pid);
            await HostTool.NftAsync(["delete", "table", Family, name], null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A process's start time in clock ticks since boot (/proc/PID/stat field 22), or "" when it is not running.</summary>
    private static string ProcessStart(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // The command name (field 2) is in parentheses and may hold spaces; the fields after it are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[19];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return "";
        }
    }

    [GeneratedRegex("^table ip (" + TablePrefix + @"\S+)$", RegexOptions.Multiline)]
    private static partial Regex TableLine();

    [GeneratedRegex(@"comment ""orchestrator service proxy pid=(\d+) start=(\d+)""")]
    private static partial Regex Owner();
}
