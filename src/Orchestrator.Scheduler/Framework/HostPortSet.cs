using System.Runtime.CompilerServices;
namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// The host ports in use on a node (Kubernetes' HostPortInfo), counted so that removing one of two pods
/// holding the same port leaves it in use. A port bound on 0.0.0.0 conflicts with the same protocol and
/// port on any address, and a port on a specific address with the same on that address or on 0.0.0.0.
/// </summary>
public sealed class HostPortSet
{
    private readonly Dictionary<HostPort, int> _exact = [];
    private readonly Dictionary<(string Protocol, int Port), int> _anyAddress = [];

    public int Count => _exact.Count;

    public IEnumerable<HostPort> Ports => _exact.Keys;

    public void Add(HostPort port)
    {
        if (port.Port <= 0)
        {
            return;
        }

        _exact[port] = _exact.GetValueOrDefault(port) + 1;
        var key = (port.Protocol, port.Port);
        _anyAddress[key] = _anyAddress.GetValueOrDefault(key) + 1;
    }

    public void Remove(HostPort port)
    {
        if (port.Port <= 0 || !_exact.TryGetValue(port, out var count))
        {
            return;
        }

        if (count == 1)
        {
            _exact.Remove(port);
        }
        else
        {
            _exact[port] = count - 1;
        }

        var key = (port.Protocol, port.Port);
        var any = _anyAddress.GetValueOrDefault(key);
        if (any <= 1)
        {
            _anyAddress.Remove(key);
        }
        else
        {
            _anyAddress[key] = any - 1;
        }
    }

    /// <summary>Whether the wanted port collides with one in use.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Conflicts(HostPort wanted)
    {
        if (wanted.Port <= 0 || _exact.Count == 0)
        {
            return false;
        }

        if (wanted.Ip == HostPort.AllAddresses)
        {
            return _anyAddress.ContainsKey((wanted.Protocol, wanted.Port));
        }

        return _exact.ContainsKey(wanted) || _exact.ContainsKey(wanted with { Ip = HostPort.AllAddresses });
    }

    internal HostPortSet Clone()
    {
        var copy = new HostPortSet();
        foreach (var (port, count) in _exact)
        {
            copy._exact[port] = count;
        }

        foreach (var (key, count) in _anyAddress)
        {
            copy._anyAddress[key] = count;
        }

        return copy;
    }
}
