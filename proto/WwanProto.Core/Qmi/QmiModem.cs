namespace WwanProto.Core.Qmi;

/// <summary>
/// One host's use of a QMI modem: the cdc-wdm channel and the DMS, NAS and WDS clients this session allocated,
/// recorded in <see cref="QmiStateFile"/> as they change. Opening first undoes what an earlier session left
/// (stops its call with its own client and handle, releases its client ids), so no call and no client id
/// leaks across crashes. A dual-stack call is two calls: IPv4 on the WDS client, IPv6 on a second WDS client bound to
/// family 6 (Set IP Family), each with its own packet data handle; both are recorded and undone the same way.
/// Protocol only: the session's rules (PIN guard, backoff) live above it.
/// </summary>
public sealed class QmiModem : IAsyncDisposable
{
    private readonly QmiStateFile? _state;
    private readonly Action<string> _log;
    private readonly Dictionary<QmiService, byte> _clients = [];
    private readonly SemaphoreSlim _allocating = new(1, 1);
    /// <summary>One state-file write at a time (they share a temp name): the link and messaging change it from different tasks.</summary>
    private readonly object _saving = new();
    private uint? _handle;
    /// <summary>The IPv6 call's WDS client (bound to family 6) and its packet data handle.</summary>
    private byte? _wds6;
    private uint? _handle6;

    public QmiDevice Device { get; }
    public TimeSpan Timeout { get; }
    public string Path => Device.Path;

    /// <summary>Packet Service Status indications for our WDS client (call up, call down with reasons).</summary>
    public event Action<WdsMessages.PacketStatus>? PacketStatus;

    /// <summary>Serving System indications for our NAS client (registration changes).</summary>
    public event Action<NasMessages.ServingSystem>? ServingSystem;

    private QmiModem(QmiDevice device, QmiStateFile? state, TimeSpan timeout, Action<string> log)
    {
        Device = device;
        _state = state;
        Timeout = timeout;
        _log = log;
        device.Indication += OnIndication;
    }

    /// <summary>
    /// Opens <paramref name="path"/>, cleans up after an earlier session (from <paramref name="state"/>) and allocates
    /// DMS, NAS and WDS clients. A modem that does not answer CTL raises <see cref="QmiTimeoutException"/>.
    /// </summary>
    public static async Task<QmiModem> OpenAsync(string path, QmiStateFile? state, TimeSpan timeout, Action<string> log, CancellationToken ct)
    {
        var device = QmiDevice.Open(path, log);
        var modem = new QmiModem(device, state, timeout, log);
        try
        {
            await modem.CleanUpEarlierAsync(ct).ConfigureAwait(false);
            foreach (var s in new[] { QmiService.Dms, QmiService.Nas, QmiService.Wds })
                await modem.ClientAsync(s, ct).ConfigureAwait(false);
            await modem.CallAsync(QmiService.Nas, NasMessages.RegisterServingSystemIndications(), ct).ConfigureAwait(false);
            return modem;
        }
        catch
        {
            await device.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The client id for <paramref name="service"/>, allocated on first use and recorded. One allocation at a time:
    /// messaging asks for its WMS/VOICE clients while the link works, and two first uses must not allocate two ids.
    /// </summary>
    public async Task<byte> ClientAsync(QmiService service, CancellationToken ct)
    {
        lock (_clients) if (_clients.TryGetValue(service, out var have)) return have;
        await _allocating.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            lock (_clients) if (_clients.TryGetValue(service, out var have)) return have;
            var cid = await Device.AllocateClientAsync(service, Timeout, ct).ConfigureAwait(false);
            lock (_clients) _clients[service] = cid;
            Save();
            return cid;
        }
        finally { _allocating.Release(); }
    }

    public async Task<QmiTlvReader> CallAsync(QmiService service, QmiRequest request, CancellationToken ct, TimeSpan? timeout = null)
    {
        var cid = await ClientAsync(service, ct).ConfigureAwait(false);
        return await Device.CallAsync(cid, request, timeout ?? Timeout, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The WDS client for one IP family: the session's WDS client for IPv4, for IPv6 a second one, allocated on first
    /// use, bound with Set IP Family 6 (its Start Network, status and current settings are then about IPv6) and recorded.
    /// </summary>
    public async Task<byte> WdsClientAsync(bool ipv6, CancellationToken ct)
    {
        if (!ipv6) return await ClientAsync(QmiService.Wds, ct).ConfigureAwait(false);
        lock (_clients) if (_wds6 is { } have) return have;
        var cid = await Device.AllocateClientAsync(QmiService.Wds, Timeout, ct).ConfigureAwait(false);
        lock (_clients) _wds6 = cid;
        Save();
        await Device.CallAsync(cid, WdsMessages.SetIpFamily(WdsMessages.IpFamily.IPv6), Timeout, ct).ConfigureAwait(false);
        return cid;
    }

    private async Task<QmiTlvReader> WdsAsync(bool ipv6, QmiRequest request, CancellationToken ct, TimeSpan? timeout = null)
    {
        var cid = await WdsClientAsync(ipv6, ct).ConfigureAwait(false);
        return await Device.CallAsync(cid, request, timeout ?? Timeout, ct).ConfigureAwait(false);
    }

    private async Task CleanUpEarlierAsync(CancellationToken ct)
    {
        if (_state?.Read() is not { IsEmpty: false } held) return;
        _log($"qmi: {Path}: an earlier session left {Describe(held)}; cleaning up");
        if (held.Handle is { } handle && held.Clients.TryGetValue(QmiService.Wds, out var oldWds))
        {
            // The handle is only good with the client that started the call: stop it there, before releasing.
            try { await Device.CallAsync(oldWds, WdsMessages.StopNetwork(handle), Timeout, ct).ConfigureAwait(false); }
            catch (QmiErrorException e) { _log($"qmi: stopping the earlier call: {e.Message}"); }
        }
        if (held.Handle6 is { } handle6 && held.Wds6 is { } oldWds6)
        {
            try { await Device.CallAsync(oldWds6, WdsMessages.StopNetwork(handle6), Timeout, ct).ConfigureAwait(false); }
            catch (QmiErrorException e) { _log($"qmi: stopping the earlier IPv6 call: {e.Message}"); }
        }
        var clients = held.Clients.ToList();
        if (held.Wds6 is { } wds6) clients.Add(new(QmiService.Wds, wds6));
        foreach (var (service, cid) in clients)
        {
            try { await Device.ReleaseClientAsync(service, cid, Timeout, ct).ConfigureAwait(false); }
            catch (QmiErrorException e) { _log($"qmi: releasing the earlier {service} client {cid}: {e.Message}"); }
        }
        _state.Delete();
    }

    private static string Describe(QmiStateFile.Held held) =>
        string.Join(", ", held.Clients.Select(c => $"{c.Key} client {c.Value}")) + (held.Handle is { } h ? $", call handle {h}" : "")
        + (held.Wds6 is { } c6 ? $", IPv6 WDS client {c6}" : "") + (held.Handle6 is { } h6 ? $", IPv6 call handle {h6}" : "");

    private void Save()
    {
        if (_state is null) return;
        Dictionary<QmiService, byte> copy;
        byte? wds6;
        lock (_saving)
        {
            lock (_clients) { copy = new Dictionary<QmiService, byte>(_clients); wds6 = _wds6; }
            _state.Write(new QmiStateFile.Held(copy, _handle, wds6, _handle6));
        }
    }

    private void OnIndication(QmiMessage m)
    {
        byte wds, nas;
        byte? wds6;
        lock (_clients)
        {
            wds = _clients.GetValueOrDefault(QmiService.Wds);
            nas = _clients.GetValueOrDefault(QmiService.Nas);
            wds6 = _wds6;
        }
        var r = new QmiTlvReader(m);
        if (m.Service == QmiService.Wds && m.MessageId == QmiMessages.WdsGetPacketServiceStatus.Id && (m.ClientId == wds || m.ClientId == wds6 || m.ClientId == 0xFF)
            && WdsMessages.ReadStatusIndication(r) is { } status)
            // The IPv6 client's indications are about the IPv6 call even when the firmware leaves the family TLV out.
            PacketStatus?.Invoke(m.ClientId == wds6 && status.Family is null ? status with { Family = WdsMessages.IpFamily.IPv6 } : status);
        else if (m.Service == QmiService.Nas && m.MessageId == QmiMessages.NasGetServingSystem.Id && (m.ClientId == nas || m.ClientId == 0xFF)
            && NasMessages.ReadServingSystem(r) is { } serving)
            ServingSystem?.Invoke(serving);
    }

    /// <summary>
    /// WDS Start Network. A call already up (NoEffect: ours from before, or another program's) is stopped with the
    /// global handle and the start tried once more; a refused call raises <see cref="QmiErrorException"/> with its
    /// end reasons in <see cref="QmiErrorException.Answer"/>. Returns the packet data handle, recorded before return.
    /// </summary>
    public async Task<uint> StartNetworkAsync(QmiRequest start, TimeSpan callTimeout, TimeSpan staleWait, CancellationToken ct, bool ipv6 = false)
    {
        QmiTlvReader answer;
        try
        {
            answer = await WdsAsync(ipv6, start, ct, callTimeout).ConfigureAwait(false);
        }
        catch (QmiErrorException e) when (e.Error == QmiError.NoEffect)
        {
            _log($"qmi: {e.Message}: {(ipv6 ? "an IPv6" : "a")} call is already up; stopping it (global handle) and starting again");
            await StopStaleCallAsync(staleWait, ct, ipv6).ConfigureAwait(false);
            answer = await WdsAsync(ipv6, start, ct, callTimeout).ConfigureAwait(false);
        }
        var handle = WdsMessages.ReadStart(answer).Handle
            ?? throw new QmiErrorException(QmiMessages.WdsStartNetwork, QmiError.MalformedMessage, answer);
        if (ipv6) _handle6 = handle;
        else _handle = handle;
        Save();
        return handle;
    }

    /// <summary>Stops whatever call is up (global handle, autoconnect off) and waits, bounded, until the modem reports it down.</summary>
    public async Task StopStaleCallAsync(TimeSpan wait, CancellationToken ct, bool ipv6 = false)
    {
        try { await WdsAsync(ipv6, WdsMessages.StopNetwork(WdsMessages.GlobalHandle), ct).ConfigureAwait(false); }
        catch (QmiErrorException e) when (e.Error is QmiError.NoEffect or QmiError.InvalidHandle or QmiError.OutOfCall)
        {
            _log($"qmi: {e.Message}");
        }
        var deadline = DateTime.UtcNow + wait;
        while (await PacketServiceAsync(ct, ipv6).ConfigureAwait(false) is not (WdsMessages.ConnectionStatus.Disconnected or null))
        {
            if (DateTime.UtcNow >= deadline) { _log($"qmi: the earlier call is still reported up after {wait.TotalSeconds:0} s"); return; }
            var down = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnStatus(WdsMessages.PacketStatus s)
            {
                if (s.Status == WdsMessages.ConnectionStatus.Disconnected && (s.Family == WdsMessages.IpFamily.IPv6) == ipv6) down.TrySetResult();
            }
            PacketStatus += OnStatus;
            try { await down.Task.WaitAsync(TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false); }
            catch (TimeoutException) { } // poll again: the indication may go to the client that started that call
            finally { PacketStatus -= OnStatus; }
        }
    }

    public async Task<WdsMessages.ConnectionStatus?> PacketServiceAsync(CancellationToken ct, bool ipv6 = false) =>
        WdsMessages.ReadStatus(await WdsAsync(ipv6, WdsMessages.GetPacketServiceStatus(), ct).ConfigureAwait(false));

    /// <summary>Whether an IPv6 call of ours is up (its handle is held).</summary>
    public bool HasIpv6Call => _handle6 is not null;

    /// <summary>Stops our calls (IPv6 first, then IPv4, each with its handle); an already-ended call is not an error. Forgets the handles.</summary>
    public async Task StopNetworkAsync(CancellationToken ct, TimeSpan? timeout = null)
    {
        if (_handle6 is { } handle6)
        {
            await StopAsync(true, handle6, ct, timeout).ConfigureAwait(false);
            _handle6 = null;
            Save();
        }
        if (_handle is { } handle)
        {
            await StopAsync(false, handle, ct, timeout).ConfigureAwait(false);
            _handle = null;
            Save();
        }
    }

    private async Task StopAsync(bool ipv6, uint handle, CancellationToken ct, TimeSpan? timeout)
    {
        try { await WdsAsync(ipv6, WdsMessages.StopNetwork(handle), ct, timeout).ConfigureAwait(false); }
        catch (QmiErrorException e) when (e.Error is QmiError.NoEffect or QmiError.InvalidHandle or QmiError.OutOfCall)
        {
            _log($"qmi: {e.Message} (the {(ipv6 ? "IPv6 " : "")}call had ended already)");
        }
    }

    public async Task<WdsMessages.Settings> CurrentSettingsAsync(CancellationToken ct, bool ipv6 = false) =>
        WdsMessages.ReadSettings(await WdsAsync(ipv6, WdsMessages.GetCurrentSettings(), ct).ConfigureAwait(false));

    /// <summary>
    /// Makes the modem's framing and qmi_wwan's agree: raw IP where WDA can set it (and /sys/class/net/DEV/qmi/raw_ip = Y),
    /// else 802.3 (raw_ip = N). Firmware without WDA (E392) answers InvalidQmiCommand or refuses the client: 802.3.
    /// </summary>
    public async Task<WdaMessages.LinkLayer> ConfigureDataFormatAsync(string? rawIpFile, CancellationToken ct)
    {
        var format = WdaMessages.LinkLayer.Ethernet;
        try
        {
            var answer = await CallAsync(QmiService.Wda, WdaMessages.SetDataFormat(WdaMessages.LinkLayer.RawIp), ct).ConfigureAwait(false);
            format = WdaMessages.ReadLinkLayer(answer) ?? WdaMessages.LinkLayer.RawIp;
        }
        catch (QmiErrorException e) when (e.Error is QmiError.InvalidQmiCommand or QmiError.InvalidServiceType or QmiError.InvalidArgument)
        {
            _log($"qmi: no WDA ({e.Message}): 802.3 framing");
        }
        if (rawIpFile is not null && File.Exists(rawIpFile))
        {
            var want = format == WdaMessages.LinkLayer.RawIp ? "Y" : "N";
            if (File.ReadAllText(rawIpFile).Trim() != want) File.WriteAllText(rawIpFile, want + "\n");
        }
        return format;
    }

    /// <summary>Gives the client ids back and forgets the state (the call must be stopped first); a client whose release gets no answer stays recorded.</summary>
    public async Task ReleaseAsync(CancellationToken ct, TimeSpan? timeout = null)
    {
        List<(QmiService Service, byte Cid, bool Ipv6)> clients;
        lock (_clients)
        {
            clients = [.. _clients.Select(c => (c.Key, c.Value, false))];
            if (_wds6 is { } wds6) clients.Add((QmiService.Wds, wds6, true));
        }
        // All at once (CTL takes them as separate transactions): teardown's 5 s must not go by one slow answer after
        // another, and one client that gets no answer must not keep the others from being released.
        var released = await Task.WhenAll(clients.Select(async c =>
        {
            try
            {
                await Device.ReleaseClientAsync(c.Service, c.Cid, timeout ?? Timeout, ct).ConfigureAwait(false);
                return true;
            }
            catch (QmiErrorException e)
            {
                _log($"qmi: {e.Message}");
                return true; // refused: the modem holds no such client any more
            }
            catch (QmiTimeoutException e)
            {
                _log($"qmi: {e.Message}; {c.Service} client {c.Cid} stays recorded for the next session to release");
                return false;
            }
        })).ConfigureAwait(false);
        var kept = 0;
        lock (_clients)
            for (var i = 0; i < clients.Count; i++)
            {
                if (!released[i]) { kept++; continue; }
                if (clients[i].Ipv6) _wds6 = null;
                else _clients.Remove(clients[i].Service);
            }
        lock (_saving)
        {
            if (_handle is null && _handle6 is null && kept == 0) _state?.Delete();
            else Save();
        }
    }

    /// <summary>
    /// A device that stopped answering is closed (<see cref="QmiDevice.Closed"/> completes), so that the session lets go
    /// of this modem and opens it afresh through the recovery ladder instead of asking the silent node again. What
    /// this session held stays in the state file for the next open to undo.
    /// </summary>
    public async Task GiveUpAsync(string why)
    {
        if (Device.Closed.IsCompleted) return;
        _log($"qmi: {Path}: {why}; closing it (the next attempt opens it through the recovery ladder)");
        await Device.DisposeAsync().ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        Device.Indication -= OnIndication;
        return Device.DisposeAsync();
    }
}
