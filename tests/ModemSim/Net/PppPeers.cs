using System.Collections.Concurrent;
using System.Diagnostics;
using WwanProto.ModemSim.Engine;
using WwanProto.ModemSim.Ports;

namespace WwanProto.ModemSim.Net;

/// <summary>
/// The network side of PPP: per port in data mode, a pppd in the modem netns ("notty": PPP over its
/// stdin/stdout) bridged to the pty, offering gateway:client from the address plan. Without
/// <see cref="SimOptions.PppServer"/> data-mode bytes are swallowed (the port just stays in data mode).
/// </summary>
internal sealed class PppPeers
{
    private readonly SimOptions _options;
    private readonly ModemEngine _engine;
    private readonly ConcurrentDictionary<SimPort, Process> _peers = new();

    public PppPeers(SimOptions options, ModemEngine engine)
    {
        _options = options;
        _engine = engine;
    }

    public void Start(SimPort port, VethLink? veth)
    {
        if (!_options.PppServer || veth is null) return;
        var plan = _engine.Plan;
        var psi = new ProcessStartInfo("ip")
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in new[]
                 {
                     "netns", "exec", veth.Namespace, "pppd", "notty", "nodetach", "noauth", "local", "nodefaultroute",
                     "noccp", "novj", "lcp-echo-interval", "0", "ms-dns", plan.Dns1.ToString(), $"{plan.Gateway}:{plan.Client}",
                 })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi);
        if (p is null) return;
        _peers[port] = p;
        p.ErrorDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        var output = p.StandardOutput.BaseStream;
        var thread = new Thread(() =>
        {
            var buffer = new byte[4096];
            try
            {
                int n;
                while ((n = output.Read(buffer, 0, buffer.Length)) > 0) port.WriteData(buffer.AsSpan(0, n));
            }
            catch (IOException) { }
            catch (ObjectDisposedException) { }
            if (_peers.TryRemove(new KeyValuePair<SimPort, Process>(port, p))) _engine.PppPeerGone(port);
            p.Dispose();
        }) { IsBackground = true, Name = $"ppp-{port.Name}" };
        thread.Start();
    }

    public void Write(SimPort port, ReadOnlySpan<byte> data)
    {
        if (!_peers.TryGetValue(port, out var p)) return;
        try
        {
            p.StandardInput.BaseStream.Write(data);
            p.StandardInput.BaseStream.Flush();
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
        catch (InvalidOperationException) { }
    }

    public void Stop(SimPort port)
    {
        if (!_peers.TryRemove(port, out var p)) return;
        Kill(p);
    }

    public void StopAll()
    {
        foreach (var port in _peers.Keys.ToList()) Stop(port);
    }

    private static void Kill(Process p)
    {
        try
        {
            if (!p.HasExited) p.Kill(true);
            p.WaitForExit(2000);
        }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }
}
