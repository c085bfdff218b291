using WwanProto.Core.At;
using WwanProto.Core.Native;

namespace WwanProto.Core.Qmi;

/// <summary>
/// A QMUX channel on /dev/cdc-wdmN, opened as a plain fd (it is not a tty). One reader thread frames what comes
/// in by the QMUX length, completes the waiting transaction (matched by service, client id and transaction id:
/// u8 for CTL, u16 for the rest) and hands indications to <see cref="Indication"/>. Every request is bounded by
/// its timeout; a vanished device fails every waiting request with <see cref="PortGoneException"/>.
/// </summary>
public sealed class QmiDevice : IAsyncDisposable
{
    private readonly UnixFd _fd;
    private readonly Action<string> _log;
    private readonly QmuxFramer _framer = new();
    private readonly object _gate = new();
    private readonly Dictionary<(QmiService, byte, ushort), TaskCompletionSource<QmiMessage>> _pending = [];
    private readonly Dictionary<(QmiService, byte), ushort> _nextTransaction = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _reader;
    private readonly int _wakeRead, _wakeWrite;
    private bool _stopping, _wakeClosed;
    private string? _goneReason;

    public string Path { get; }

    /// <summary>Indications (and responses nobody waits for any more), on the reader thread: handlers must not block.</summary>
    public event Action<QmiMessage>? Indication;

    /// <summary>Completes when the device is gone (read error, hang-up) or closed.</summary>
    public Task Closed => _closed.Task;

    private unsafe QmiDevice(UnixFd fd, Action<string>? log)
    {
        _fd = fd;
        Path = fd.Path;
        _log = log ?? (_ => { });
        var pipe = stackalloc int[2];
        if (Libc.Pipe2(pipe, Libc.O_NONBLOCK | Libc.O_CLOEXEC) != 0) throw NativeException.Last("pipe2");
        _wakeRead = pipe[0];
        _wakeWrite = pipe[1];
        _reader = new Thread(Run) { IsBackground = true, Name = "qmi:" + System.IO.Path.GetFileName(Path) };
        _reader.Start();
    }

    /// <summary>Opens the node read-write, non-blocking, without becoming its controlling terminal.</summary>
    public static QmiDevice Open(string path, Action<string>? log = null) =>
        new(UnixFd.Open(path, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_NONBLOCK), log);

    /// <summary>Sends <paramref name="request"/> and returns the answer, failure results included.</summary>
    public async Task<QmiMessage> SendAsync(byte clientId, QmiRequest request, TimeSpan timeout, CancellationToken ct = default)
    {
        var service = request.Type.Service;
        var tcs = new TaskCompletionSource<QmiMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        ushort txn;
        lock (_gate)
        {
            if (_goneReason is { } gone) throw new PortGoneException(Path, gone);
            if (_stopping) throw new ObjectDisposedException(Path, "the QMI device is closed");
            txn = NextTransaction(service, clientId);
            _pending[(service, clientId, txn)] = tcs;
        }
        var frame = new QmiMessage(service, clientId, QmiMessageKind.Request, txn, request.Type.Id, request.Tlvs).Encode();
        try
        {
            lock (_gate)
            {
                if (_goneReason is { } gone) throw new PortGoneException(Path, gone);
                // A cdc-wdm write is one encapsulated command: the whole message in one write().
                try { _fd.WriteAll(frame, (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds)); }
                catch (NativeException e) { throw new PortGoneException(Path, $"write: {Libc.StrError(e.Errno)}"); }
            }
            try
            {
                return await tcs.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new QmiTimeoutException(request.Type, Path, timeout);
            }
        }
        finally
        {
            lock (_gate) _pending.Remove((service, clientId, txn));
        }
    }

    /// <summary>Sends and checks the result TLV: a failure becomes <see cref="QmiErrorException"/> naming message and error.</summary>
    public async Task<QmiTlvReader> CallAsync(byte clientId, QmiRequest request, TimeSpan timeout, CancellationToken ct = default)
    {
        var answer = await SendAsync(clientId, request, timeout, ct).ConfigureAwait(false);
        var tlvs = new QmiTlvReader(answer);
        var result = tlvs.Result() ?? QmiError.MalformedMessage;
        if (result != QmiError.None) throw new QmiErrorException(request.Type, result, tlvs);
        return tlvs;
    }

    /// <summary>Asks CTL for a client id of <paramref name="service"/>.</summary>
    public async Task<byte> AllocateClientAsync(QmiService service, TimeSpan timeout, CancellationToken ct = default)
    {
        var answer = await CallAsync(0, CtlMessages.AllocateCid(service), timeout, ct).ConfigureAwait(false);
        return CtlMessages.AllocatedCid(answer, service)
            ?? throw new QmiErrorException(QmiMessages.CtlAllocateCid, QmiError.MalformedMessage, answer);
    }

    public Task ReleaseClientAsync(QmiService service, byte clientId, TimeSpan timeout, CancellationToken ct = default) =>
        CallAsync(0, CtlMessages.ReleaseCid(service, clientId), timeout, ct);

    private ushort NextTransaction(QmiService service, byte client)
    {
        var key = (service, client);
        _nextTransaction.TryGetValue(key, out var last);
        var max = service == QmiService.Ctl ? byte.MaxValue : ushort.MaxValue;
        // Transaction 0 is not used: some firmware treats it as "none".
        var next = (ushort)(last >= max ? 1 : last + 1);
        _nextTransaction[key] = next;
        return next;
    }

    private void Run()
    {
        try
        {
            Loop();
        }
        catch (PortGoneException e)
        {
            SetGone(e.Message);
        }
        catch (NativeException e)
        {
            SetGone(e.Message);
        }
        catch (ObjectDisposedException)
        {
            SetGone("closed");
        }
        finally
        {
            _closed.TrySetResult();
        }
    }

    private unsafe void Loop()
    {
        var fds = stackalloc Libc.PollFd[2];
        var buffer = new byte[4096];
        while (true)
        {
            lock (_gate) if (_stopping) return;
            fds[0] = new Libc.PollFd { Fd = _wakeRead, Events = Libc.POLLIN };
            fds[1] = new Libc.PollFd { Fd = _fd.Value, Events = Libc.POLLIN };
            var r = Libc.Poll(fds, 2, -1);
            if (r < 0)
            {
                var errno = Libc.LastErrno;
                if (errno == Libc.EINTR) continue;
                throw new NativeException("poll", errno, Path);
            }
            if (fds[0].Revents != 0) continue;
            var revents = fds[1].Revents;
            if ((revents & Libc.POLLIN) != 0)
            {
                int n;
                try { n = _fd.Read(buffer); }
                catch (NativeException e) { throw new PortGoneException(Path, $"read: {Libc.StrError(e.Errno)}"); }
                if (n == 0) throw new PortGoneException(Path, "end of file");
                if (n < 0) continue;
                _framer.Append(buffer.AsSpan(0, n));
                while (_framer.Next(out var dropped) is var message && (message is not null || dropped is not null))
                {
                    if (dropped is not null) _log($"qmi: {Path}: dropped {dropped}");
                    if (message is not null) Dispatch(message);
                }
            }
            else if ((revents & (Libc.POLLHUP | Libc.POLLERR | Libc.POLLNVAL)) != 0)
                throw new PortGoneException(Path, (revents & Libc.POLLHUP) != 0 ? "hang-up" : "poll error");
        }
    }

    private void Dispatch(QmiMessage message)
    {
        if (message.Kind == QmiMessageKind.Response)
        {
            TaskCompletionSource<QmiMessage>? waiting;
            lock (_gate) _pending.Remove((message.Service, message.ClientId, message.TransactionId), out waiting);
            if (waiting is not null)
            {
                waiting.TrySetResult(message);
                return;
            }
        }
        if (message.Kind == QmiMessageKind.Request) return; // our own echo would be a loop; a modem never sends requests
        try { Indication?.Invoke(message); }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            _log($"qmi: {Path}: indication handler failed on {message}: {e.Message}");
        }
    }

    private void SetGone(string reason)
    {
        List<TaskCompletionSource<QmiMessage>> waiting;
        lock (_gate)
        {
            _goneReason ??= reason;
            waiting = [.. _pending.Values];
            _pending.Clear();
        }
        foreach (var w in waiting) w.TrySetException(new PortGoneException(Path, reason));
    }

    private unsafe void Wake()
    {
        byte b = 1;
        lock (_gate) if (!_wakeClosed) Libc.Write(_wakeWrite, &b, 1);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_stopping) return;
            _stopping = true;
        }
        Wake();
        if (Thread.CurrentThread != _reader) await Task.Run(() => _reader.Join()).ConfigureAwait(false);
        SetGone("closed");
        lock (_gate)
        {
            _wakeClosed = true;
            Libc.Close(_wakeWrite);
            Libc.Close(_wakeRead);
        }
        _fd.Dispose();
        _closed.TrySetResult();
    }
}
