using WwanProto.Core.At;
using WwanProto.Core.Modem;
using WwanProto.Core.Session;

namespace WwanProto.Core.Links.Ncm;

/// <summary>
/// Huawei NCM/NDIS data link (huawei-modems.md §2.8, §3.2, §7.5): clear a stale call, +CGDCONT,
/// ^NDISDUP on the control port (the port ^NDISSTAT is reported to), wait for ^NDISSTAT:1 or a
/// ^NDISSTATQRY? poll, then ^DHCP?/^DHCPV6? for a static configuration. While up, a ^NDISSTAT:0, the
/// port vanishing or a failed periodic ^NDISSTATQRY? completes <see cref="Lost"/>.
/// </summary>
public sealed class NcmLink : IDataLink
{
    private readonly DataLinkContext _context;
    private readonly IAtChannel _at;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly Dictionary<string, NdisStatus> _reported = new(StringComparer.Ordinal);
    private Task? _watch;
    private volatile bool _up;

    public NcmLink(DataLinkContext context)
    {
        _context = context;
        _at = context.Modem.At ?? throw new InvalidOperationException("the NCM link needs the modem's AT channel");
        _at.Urc += OnUrc;
    }

    public string Kind => "ncm";
    public Task<string> Lost => _lost.Task;
    private int Cid => _context.Options.Profile;
    private TimeSpan Quick => _context.Tuning.CommandTimeout;

    public async Task<DataLinkUp> ConnectAsync(CancellationToken ct)
    {
        var options = _context.Options;
        var ifname = _context.Modem.NetDev
            ?? throw ModemErrors.Fail(ErrorCodes.NoIface, $"the modem on {_at.Path} has no NCM network device", fatal: false);
        // Build the dial command first: a bad APN or password is refused before the modem is touched.
        var dial = NdisCall.DialCommand(Cid, options.Apn, options.Auth, options.Username, options.Password);

        await ClearStaleCallAsync(ct).ConfigureAwait(false);

        var context = $"AT+CGDCONT={Cid},\"{options.PdpType}\"" + (options.Apn is { } apn ? "," + AtArguments.Quote("apn", apn) : "");
        var pdp = await _at.SendAsync(context, Quick, ct).ConfigureAwait(false);
        if (!pdp.IsOk) throw ModemErrors.Fail(ErrorCodes.ConfigureFailed, pdp, "setting the PDP context");

        lock (_gate) _reported.Clear();
        var answer = await _at.SendAsync(dial, Quick, ct).ConfigureAwait(false);
        if (!answer.IsOk && answer.Final != AtFinal.Timeout)
        {
            // E3372h-320 after an unclean exit: ERROR to every dial until the old call is torn down (§2.8).
            _context.Log($"ncm: {Redact(answer)}; tearing down and dialling once more");
            await HangUpAsync(_context.Tuning.StaleCallWait, ct).ConfigureAwait(false);
            lock (_gate) _reported.Clear();
            answer = await _at.SendAsync(dial, Quick, ct).ConfigureAwait(false);
        }
        if (!answer.IsOk) throw ModemErrors.Fail(ErrorCodes.ConnectFailed, $"starting the data call: {Redact(answer)}");

        var families = await WaitForCallAsync(TimeSpan.FromSeconds(options.Timeout), ct).ConfigureAwait(false);

        IpConfig? v4 = null, v6 = null;
        if (options.WantsIpv4 && !options.Dhcp && families.Contains("IPV4"))
            v4 = await ReadDhcpAsync("AT^DHCP?", "^DHCP:", l => NdisCall.ParseDhcp(l, options.Mtu), ct).ConfigureAwait(false);
        if (options.WantsIpv6 && !options.Dhcpv6 && families.Contains("IPV6"))
            v6 = await ReadDhcpAsync("AT^DHCPV6?", "^DHCPV6:", l => NdisCall.ParseDhcpv6(l, options.Mtu), ct).ConfigureAwait(false);
        var needsDhcp = options.WantsIpv4 && options.Dhcp;
        var needsDhcpv6 = options.WantsIpv6 && options.Dhcpv6;
        if (v4 is null && v6 is null && !needsDhcp && !needsDhcpv6)
            throw ModemErrors.Fail(ErrorCodes.NoIpAddr, $"the call is up ({string.Join("+", families)}) but ^DHCP?/^DHCPV6? gave no address within {_context.Tuning.DhcpWait.TotalSeconds:0} s");

        _up = true;
        _watch = WatchAsync(_stop.Token);
        return new DataLinkUp(ifname, v4, v6, needsDhcp, needsDhcpv6);
    }

    /// <summary>A call left up by an earlier run (host crash, kill -9) makes ^NDISDUP fail: end it first (§4 item 7).</summary>
    private async Task ClearStaleCallAsync(CancellationToken ct)
    {
        var (status, _) = await NdisCall.QueryAsync(_at, Quick, ct).ConfigureAwait(false);
        if (!status.Any(s => s.Connected)) return;
        _context.Log($"ncm: a data call is still up from an earlier session; hanging it up first");
        await HangUpAsync(_context.Tuning.StaleCallWait, ct).ConfigureAwait(false);
    }

    /// <summary>^NDISDUP=&lt;cid&gt;,0 (ERROR when idle is normal on some firmware, §4 item 8), then wait for the drop.</summary>
    private async Task<bool> HangUpAsync(TimeSpan bound, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + bound;
        await _at.SendAsync($"AT^NDISDUP={Cid},0", Min(Quick, bound), ct).ConfigureAwait(false);
        while (true)
        {
            lock (_gate)
                if (_reported.Count > 0 && _reported.Values.All(s => !s.Connected)) return true;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return false;
            var (status, answer) = await NdisCall.QueryAsync(_at, Min(Quick, left), ct).ConfigureAwait(false);
            if (answer.IsOk && !status.Any(s => s.Connected)) return true;
            left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return false;
            await _wake.WaitAsync(Min(_context.Tuning.PollInterval, left), ct).ConfigureAwait(false);
        }
    }

    /// <summary>^NDISSTAT URCs, or ^NDISSTATQRY? polls (0 means "not yet" while connecting, §2.8). Returns the families that came up.</summary>
    private async Task<IReadOnlyList<string>> WaitForCallAsync(TimeSpan bound, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + bound;
        var last = "no ^NDISSTAT yet";
        while (true)
        {
            bool upByUrc;
            lock (_gate)
            {
                upByUrc = _reported.Values.Any(s => s.Connected);
                if (!upByUrc && _reported.Values.FirstOrDefault(s => !s.Connected) is { } down)
                    throw Rejected(down);
            }
            // Dual-stack calls report each family in its own URC: one query gives the whole picture.
            if (upByUrc && !(_context.Options.WantsIpv4 && _context.Options.WantsIpv6)) return Settle();
            var (status, answer) = await NdisCall.QueryAsync(_at, Quick, ct).ConfigureAwait(false);
            last = answer.Lines.Count > 0 ? $"{answer.Command} answered {string.Join(" ", answer.Lines)}" : answer.Describe();
            if (status.Any(s => s.Connected) || upByUrc)
            {
                lock (_gate)
                    foreach (var s in status)
                        if (s.Connected || !_reported.ContainsKey(s.Family)) _reported[s.Family] = s;
                return Settle();
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw ModemErrors.Fail(ErrorCodes.ConnectFailed,
                    $"AT^NDISDUP was accepted but the call did not come up within {bound.TotalSeconds:0} s ({last}); check the APN and the port");
            await _wake.WaitAsync(Min(_context.Tuning.PollInterval, left), ct).ConfigureAwait(false);
        }

        List<string> Settle()
        {
            lock (_gate) return _reported.Values.Where(s => s.Connected).Select(s => s.Family).ToList();
        }
    }

    private SessionException Rejected(NdisStatus down)
    {
        var fatal = NdisCall.IsConfigurationCause(down.Cause);
        return ModemErrors.Fail(ErrorCodes.CallFailed,
            $"the network rejected the data call: ^NDISSTAT:0,{down.Cause} {down.Family} ({NdisCall.CauseText(down.Cause)})", fatal);
    }

    /// <summary>^DHCP? answers ERROR until the PDP is fully active (§2.8): retry, bounded.</summary>
    private async Task<IpConfig?> ReadDhcpAsync(string command, string prefix, Func<string, IpConfig?> parse, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + _context.Tuning.DhcpWait;
        while (true)
        {
            var answer = await _at.SendAsync(command, Quick, ct).ConfigureAwait(false);
            if (answer.IsOk && answer.Line(prefix) is { } line && parse(line) is { } config) return config;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                _context.Log($"ncm: no address from {answer.Describe()}");
                return null;
            }
            await _wake.WaitAsync(Min(_context.Tuning.PollInterval, left), ct).ConfigureAwait(false);
        }
    }

    /// <summary>While up: the periodic ^NDISSTATQRY? health check and the port's Closed task.</summary>
    private async Task WatchAsync(CancellationToken ct)
    {
        try
        {
            var closed = _at.Closed;
            var misses = 0;
            while (!ct.IsCancellationRequested)
            {
                var tick = Task.Delay(_context.Tuning.SupervisionInterval, ct);
                if (await Task.WhenAny(tick, closed).ConfigureAwait(false) == closed)
                {
                    _lost.TrySetResult($"the control port {_at.Path} is gone");
                    return;
                }
                await tick.ConfigureAwait(false);
                var (status, answer) = await NdisCall.QueryAsync(_at, Quick, ct).ConfigureAwait(false);
                if (answer.Final == AtFinal.Timeout)
                {
                    if (++misses >= 3) { _lost.TrySetResult($"the modem stopped answering ({answer.Describe()} 3 times)"); return; }
                    continue;
                }
                misses = 0;
                if (answer.IsOk && status.Count > 0 && !status.Any(s => s.Connected))
                {
                    _lost.TrySetResult($"the periodic check found the call down ({string.Join(" ", answer.Lines)})");
                    return;
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (PortGoneException e) { _lost.TrySetResult(e.Message); }
    }

    private void OnUrc(string line)
    {
        if (!line.StartsWith(NdisCall.StatUrcPrefix, StringComparison.OrdinalIgnoreCase) &&
            !line.StartsWith("^NDISSTATEX:", StringComparison.OrdinalIgnoreCase)) return;
        var statuses = line.StartsWith("^NDISSTATEX:", StringComparison.OrdinalIgnoreCase)
            ? NdisCall.Parse("^NDISSTAT:" + line[(line.IndexOf(',') + 1)..]) // drop the leading cid
            : NdisCall.Parse(line);
        lock (_gate)
            foreach (var s in statuses) _reported[s.Family] = s;
        _wake.Release();
        if (_up && statuses.FirstOrDefault(s => !s.Connected && Wanted(s.Family)) is { } down)
            _lost.TrySetResult($"the network ended the data call: ^NDISSTAT:0,{down.Cause} {down.Family} ({NdisCall.CauseText(down.Cause)})");
    }

    private bool Wanted(string family) => family == "IPV6" ? _context.Options.WantsIpv6 && !_context.Options.WantsIpv4 : true;

    public async Task DisconnectAsync(CancellationToken ct)
    {
        _up = false;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_at.Closed.IsCompleted) return;
        try
        {
            if (!await HangUpAsync(_context.Tuning.HangupBudget, ct).ConfigureAwait(false))
                _context.Log("ncm: the call did not report down in time after AT^NDISDUP=...,0");
        }
        catch (PortGoneException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _up = false;
        _at.Urc -= OnUrc;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_watch is not null) await _watch.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>The answer to ^NDISDUP without the command text: it may carry the password.</summary>
    private static string Redact(AtResponse answer) =>
        $"AT^NDISDUP answered {(answer.Final == AtFinal.Timeout ? "nothing (timed out)" : answer.FinalLine)}";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
