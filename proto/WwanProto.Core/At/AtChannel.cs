using System.Diagnostics;
using System.Text;
using WwanProto.Core.Native;

namespace WwanProto.Core.At;

/// <summary>
/// One AT port. A dedicated reader thread waits in poll() on the port and on a wake pipe, frames lines, sends
/// queued commands one at a time, matches answer lines to the command in flight and hands everything else to
/// <see cref="Urc"/>. No timers and no busy loop: the poll timeout is the in-flight command's deadline.
/// After a command timed out the channel is out of step (its answer may still come); before the next command
/// it runs a bounded resync (<see cref="AtResync"/>) and until then discards late finals and answer lines.
/// </summary>
public sealed class AtChannel : IAtChannel
{
    private sealed class Pending(string command, TimeSpan timeout, string? payload = null)
    {
        public readonly string Command = command;
        /// <summary>Text typed after the modem's "> " prompt and ended with Ctrl-Z (+CMGS); null for plain commands.</summary>
        public readonly string? Payload = payload;
        public bool PayloadSent;
        public readonly string Shown = AtRedaction.Redact(command);
        public readonly AtCommandShape Shape = AtCommandShape.Of(command);
        public readonly TimeSpan Timeout = timeout;
        public readonly TaskCompletionSource<AtResponse> Tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly List<string> Lines = [];
        public CancellationTokenRegistration Registration;
        public bool Echoed;
        public bool SawAnswer;
        public long Deadline;
    }

    private const int ReadBufferSize = 4096;

    private readonly UnixFd _fd;
    private readonly bool _ownsFd;
    private IDisposable? _resource;
    private readonly int _wakeRead;
    private readonly int _wakeWrite;
    private readonly object _gate = new();
    private readonly Queue<Pending> _queue = new();
    private readonly AtLineFramer _framer = new();
    private readonly byte[] _buffer = new byte[ReadBufferSize];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _readerExited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Guarded by _gate.
    private string? _goneReason;
    private bool _stopRequested;
    private bool _detachRequested;
    private bool _resumeRequested;
    private bool _finished;

    // Reader thread only (read by others only after it exited).
    private Pending? _inFlight;
    private bool _dataMode;
    private readonly List<Pending> _timedOut = [];
    private AtResync? _resync;
    private Pending? _awaitingResync;
    private readonly AtChannelOptions _options;
    private byte[] _dataPending = [];

    public string Path { get; }

    private long _bytesRead;

    /// <summary>Bytes taken from the port and processed so far (tests use it to force read boundaries).</summary>
    internal long BytesRead => Interlocked.Read(ref _bytesRead);

    public event Action<string>? Urc;

    /// <summary>
    /// Debug notes from the reader thread (late answers discarded, resync results). Names commands redacted and
    /// modem lines by their prefix only, so nothing secret is in them.
    /// </summary>
    public event Action<string>? Diagnostic;

    public Task Closed => _closed.Task;

    /// <summary>True after a CONNECT: the reader no longer reads the port, the bytes belong to the data session.</summary>
    public bool InDataMode => Volatile.Read(ref _dataMode);

    /// <summary>
    /// Wraps an already open, configured fd (e.g. the tty pppd gives the chat role on stdin).
    /// <paramref name="resource"/> (a lock) is released when the channel is disposed.
    /// </summary>
    public unsafe AtChannel(UnixFd fd, bool ownsFd = true, IDisposable? resource = null, AtChannelOptions? options = null)
    {
        _fd = fd;
        _options = options ?? AtChannelOptions.Default;
        _ownsFd = ownsFd;
        _resource = resource;
        Path = fd.Path;
        var pipe = stackalloc int[2];
        if (Libc.Pipe2(pipe, Libc.O_NONBLOCK | Libc.O_CLOEXEC) != 0) throw NativeException.Last("pipe2");
        _wakeRead = pipe[0];
        _wakeWrite = pipe[1];
        var reader = new Thread(Run) { IsBackground = true, Name = "at:" + System.IO.Path.GetFileName(Path) };
        reader.Start();
    }

    /// <summary>
    /// Opens <paramref name="path"/> as a raw serial port (taking the UUCP lock first when
    /// <see cref="AtChannelOptions.LockDir"/> is set) and starts its reader.
    /// Throws <see cref="PortBusyException"/> when another live process holds the port.
    /// </summary>
    public static AtChannel Open(string path, AtChannelOptions? options = null)
    {
        options ??= AtChannelOptions.Default;
        var portLock = options.LockDir is { } dir ? UucpLock.Acquire(path, dir) : null;
        try
        {
            var fd = SerialPort.Open(path, options.Serial);
            return new AtChannel(fd, ownsFd: true, portLock, options);
        }
        catch
        {
            portLock?.Dispose();
            throw;
        }
    }

    public Task<AtResponse> SendAsync(string command, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Enqueue(command, null, timeout, cancellationToken);

    public Task<AtResponse> SendWithPromptAsync(string command, string payload, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        foreach (var c in payload)
            if (c is '\r' or '\n' or '\0' or (char)0x1A or (char)0x1B || c > '~')
                throw new ArgumentException("the text after the prompt must be printable ASCII without CR, LF, Ctrl-Z or ESC; the channel adds Ctrl-Z", nameof(payload));
        return Enqueue(command, payload, timeout, cancellationToken);
    }

    private Task<AtResponse> Enqueue(string command, string? payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var c in command)
            if (c is '\r' or '\n' or '\0')
                throw new ArgumentException("an AT command must not contain CR, LF or NUL; the channel adds the terminator", nameof(command));
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<AtResponse>(cancellationToken);
        var pending = new Pending(command, timeout, payload);
        lock (_gate)
        {
            if (_goneReason is { } reason) return Task.FromException<AtResponse>(new PortGoneException(Path, reason));
            if (_finished || _stopRequested || _detachRequested) return Task.FromException<AtResponse>(new ObjectDisposedException(Path, "the AT channel is closed or handed over"));
            _queue.Enqueue(pending);
        }
        if (cancellationToken.CanBeCanceled)
            pending.Registration = cancellationToken.Register(() => pending.Tcs.TrySetCanceled(cancellationToken));
        Wake();
        return pending.Tcs.Task;
    }

    /// <summary>
    /// Stops the reader and gives the port to the caller (PPP: after CONNECT the port belongs to pppd).
    /// Queued commands fail; the lock taken by <see cref="Open"/> travels with the handoff.
    /// </summary>
    public async Task<AtDataHandoff> DetachAsync()
    {
        lock (_gate)
        {
            if (_goneReason is { } reason) throw new PortGoneException(Path, reason);
            if (_finished || _stopRequested || _detachRequested) throw new ObjectDisposedException(Path, "the AT channel is closed or handed over");
            _detachRequested = true;
        }
        Wake();
        await _readerExited.Task.ConfigureAwait(false);
        FailAll(new ObjectDisposedException(Path, "the port was handed over to a data session"));
        CloseWakePipe();
        var handoff = new AtDataHandoff(_fd, _dataPending, _resource);
        _resource = null;
        _closed.TrySetResult();
        return handoff;
    }

    /// <summary>Back to reading lines after a CONNECT (e.g. the caller escaped with +++ instead of handing over).</summary>
    public void ResumeCommandMode()
    {
        lock (_gate) _resumeRequested = true;
        Wake();
    }

    private void Run()
    {
        try
        {
            Loop();
        }
        catch (PortGoneException e)
        {
            SetGone(e.Reason);
        }
        catch (Exception e)
        {
            SetGone(e.Message);
        }
        finally
        {
            _readerExited.TrySetResult();
        }
    }

    private unsafe void Loop()
    {
        var fds = stackalloc Libc.PollFd[2];
        while (true)
        {
            bool resume;
            lock (_gate)
            {
                if (_stopRequested || _detachRequested) return;
                resume = _resumeRequested;
                _resumeRequested = false;
            }
            if (resume && _dataMode)
            {
                Volatile.Write(ref _dataMode, false);
                var leftover = _dataPending;
                _dataPending = [];
                Process(leftover);
            }
            if (_inFlight is { } expired && Stopwatch.GetTimestamp() >= expired.Deadline) Expire(expired);
            if (_resync is not null) CheckResync();
            if (_inFlight is null && _resync is null && !_dataMode) StartNext();

            var timeoutMs = -1;
            long? wakeAt = _inFlight?.Deadline ?? _resync?.NextCheck;
            if (wakeAt is { } at)
            {
                var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), at);
                timeoutMs = remaining <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(remaining.TotalMilliseconds));
            }
            fds[0] = new Libc.PollFd { Fd = _wakeRead, Events = Libc.POLLIN };
            fds[1] = new Libc.PollFd { Fd = _fd.Value, Events = _dataMode ? (short)0 : Libc.POLLIN };
            var r = Libc.Poll(fds, 2, timeoutMs);
            if (r < 0)
            {
                var errno = Libc.LastErrno;
                if (errno == Libc.EINTR) continue;
                throw new NativeException("poll", errno, Path);
            }
            if (fds[0].Revents != 0) DrainWakePipe();
            var revents = fds[1].Revents;
            if ((revents & Libc.POLLIN) != 0) ReadOnce();
            else if ((revents & (Libc.POLLHUP | Libc.POLLERR | Libc.POLLNVAL)) != 0)
                throw new PortGoneException(Path, (revents & Libc.POLLHUP) != 0 ? "hang-up" : "poll error");
        }
    }

    private void ReadOnce()
    {
        int n;
        try
        {
            n = _fd.Read(_buffer);
        }
        catch (NativeException e)
        {
            throw new PortGoneException(Path, $"read: {Libc.StrError(e.Errno)}");
        }
        if (n == 0) throw new PortGoneException(Path, "end of file");
        if (n < 0) return;
        Process(_buffer.AsSpan(0, n));
        Interlocked.Add(ref _bytesRead, n);
    }

    private void Process(ReadOnlySpan<byte> data)
    {
        ProcessLines(data);
        // The "> " prompt of +CMGS ends no line: it is what is left unframed once the read is used up.
        if (_inFlight is { Payload: { } payload, PayloadSent: false } p && !_dataMode && _framer.Partial.StartsWith('>'))
        {
            _framer.Reset();
            p.PayloadSent = true;
            Write(Encoding.Latin1.GetBytes(payload + "\u001a"), p.Timeout);
        }
    }

    private void ProcessLines(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var used = _framer.Next(data, out var line);
            var terminator = data[used - 1];
            data = data[used..];
            if (line is null) continue;
            HandleLine(line);
            if (_dataMode)
            {
                // "CONNECT\r\n": the LF still belongs to the result line, not to the data that follows.
                if (terminator == (byte)'\r' && !data.IsEmpty && data[0] == (byte)'\n') data = data[1..];
                _dataPending = data.ToArray();
                return;
            }
        }
    }

    private void HandleLine(string line)
    {
        var glued = AtUrcs.GluedAfterFinal(line);
        if (glued > 0)
        {
            HandleLine(line[..glued]);
            if (_dataMode) return;
            HandleLine(line[glued..]);
            return;
        }
        if (_inFlight is { } p)
        {
            if (AtFinalResult.TryParse(line, out var final, out var code, out var text))
            {
                Complete(p, final, line.Trim(), code, text);
                if (final == AtFinal.Connect) Volatile.Write(ref _dataMode, true);
                return;
            }
            if (!p.SawAnswer && AtCommandShape.IsEcho(line, p.Command))
            {
                p.Echoed = true;
                return;
            }
            if (p.Shape.IsAnswerLine(line))
            {
                p.Lines.Add(line);
                p.SawAnswer = true;
                return;
            }
        }
        else if (_timedOut.Count > 0 && DiscardWhileOutOfStep(line)) return;
        RaiseUrc(line);
    }

    private void RaiseUrc(string line)
    {
        var handlers = Urc;
        if (handlers is null) return;
        foreach (var d in handlers.GetInvocationList())
        {
            try
            {
                ((Action<string>)d)(line);
            }
            catch (Exception)
            {
                // A subscriber's bug must not kill the port's reader; the subscriber owns its error handling.
            }
        }
    }

    private void StartNext()
    {
        Pending? next = null;
        lock (_gate)
        {
            while (_queue.TryDequeue(out var candidate))
            {
                if (candidate.Tcs.Task.IsCompleted) continue;
                next = candidate;
                break;
            }
        }
        if (next is null) return;
        if (_timedOut.Count > 0)
        {
            BeginResync(next);
            return;
        }
        Send(next);
    }

    private void Send(Pending next)
    {
        _inFlight = next;
        next.Deadline = Stopwatch.GetTimestamp() + (long)(next.Timeout.TotalSeconds * Stopwatch.Frequency);
        var bytes = Encoding.Latin1.GetBytes(next.Command + "\r");
        var writeMs = (int)Math.Clamp(next.Timeout.TotalMilliseconds, 1, int.MaxValue);
        try
        {
            _fd.WriteAll(bytes, writeMs);
        }
        catch (NativeException e) when (e.Errno == Libc.EAGAIN)
        {
            // The port takes no more bytes (a mute port whose buffer is full): the command cannot be sent in time.
            Expire(next);
        }
        catch (NativeException e)
        {
            throw new PortGoneException(Path, $"write: {Libc.StrError(e.Errno)}");
        }
    }

    /// <summary>The command got no final result in time; its answer may still come, so the channel is out of step.</summary>
    private void Expire(Pending p)
    {
        // A modem still waiting for the text after "> " would take the resync's "AT" as text: ESC cancels the input.
        if (p is { Payload: not null, PayloadSent: false }) Write([0x1B], TimeSpan.FromSeconds(1));
        Complete(p, AtFinal.Timeout, "", null, null);
        _timedOut.Add(p);
    }

    private void Write(byte[] bytes, TimeSpan timeout)
    {
        try
        {
            _fd.WriteAll(bytes, (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue));
        }
        catch (NativeException e) when (e.Errno == Libc.EAGAIN)
        {
            // The port takes no more bytes: the command's own deadline ends it.
        }
        catch (NativeException e)
        {
            throw new PortGoneException(Path, $"write: {Libc.StrError(e.Errno)}");
        }
    }

    /// <summary>Sends the resync "AT" instead of <paramref name="next"/>, which goes out once the channel is in step.</summary>
    private void BeginResync(Pending next)
    {
        var bound = next.Timeout < _options.ResyncAnswerBound ? next.Timeout : _options.ResyncAnswerBound;
        _awaitingResync = next;
        _resync = new AtResync(bound, _options.ResyncQuietWindow);
        try
        {
            _fd.WriteAll("AT\r"u8, (int)Math.Clamp(bound.TotalMilliseconds, 1, int.MaxValue));
        }
        catch (NativeException e) when (e.Errno == Libc.EAGAIN)
        {
            // The port takes no bytes at all; the bound check fails the resync.
        }
        catch (NativeException e)
        {
            throw new PortGoneException(Path, $"write: {Libc.StrError(e.Errno)}");
        }
    }

    private void CheckResync()
    {
        var resync = _resync!;
        var next = _awaitingResync!;
        var now = Stopwatch.GetTimestamp();
        if (resync.Succeeded(now))
        {
            Note($"back in step after {_timedOut[^1].Shown} timed out");
            _timedOut.Clear();
        }
        else if (resync.Failed(now))
        {
            var what = resync.GotOk ? "kept printing final results" : $"gave no OK to AT within {resync.AnswerBound.TotalSeconds:0.###} s";
            var reason = $"modem stopped answering: {Path} {what} after {_timedOut[^1].Shown} timed out; {next.Shown} was not sent";
            Note(reason);
            Complete(next, AtFinal.Timeout, "", null, reason);
        }
        else return;
        _resync = null;
        _awaitingResync = null;
        if (_timedOut.Count == 0 && !next.Tcs.Task.IsCompleted) Send(next);
    }

    /// <summary>
    /// While out of step, what the timed-out commands may still print is not a URC: late final results, their
    /// echoes and answer lines are dropped. Everything else is a URC as usual.
    /// </summary>
    private bool DiscardWhileOutOfStep(string line)
    {
        var late = _timedOut[^1].Shown;
        if (AtFinalResult.TryParse(line, out var final, out _, out _))
        {
            _resync?.OnFinal(final);
            Note($"{(_resync is null ? "discarded" : "resync saw")} final result '{Prefix(line)}' after {late} timed out");
            return true;
        }
        if (_resync is not null && AtCommandShape.IsEcho(line, "AT")) return true;
        foreach (var p in _timedOut)
        {
            if (!AtCommandShape.IsEcho(line, p.Command) && !p.Shape.IsAnswerLine(line)) continue;
            Note($"discarded late line '{Prefix(line)}' of {p.Shown}");
            return true;
        }
        return false;
    }

    /// <summary>"+CPIN:" of "+CPIN: READY", a whole short final result, "..." for bare lines (they may be identities).</summary>
    private static string Prefix(string line)
    {
        var t = line.Trim();
        var colon = t.IndexOf(':');
        if (colon > 0) return t[..(colon + 1)];
        return AtFinalResult.TryParse(t, out _, out _, out _) && !t.Contains(':') ? t : "...";
    }

    private void Note(string text)
    {
        try
        {
            Diagnostic?.Invoke(text);
        }
        catch (Exception)
        {
            // Diagnostics must never kill the reader.
        }
    }

    private void Complete(Pending p, AtFinal final, string finalLine, int? code, string? text)
    {
        if (ReferenceEquals(_inFlight, p)) _inFlight = null;
        p.Registration.Dispose();
        p.Tcs.TrySetResult(new AtResponse(p.Shown, p.Lines, final, finalLine)
        {
            ErrorCode = code,
            ErrorText = text,
            Echoed = p.Echoed,
        });
    }

    private void SetGone(string reason)
    {
        lock (_gate)
        {
            _goneReason ??= reason;
            reason = _goneReason;
        }
        FailAll(new PortGoneException(Path, reason));
        _closed.TrySetResult();
    }

    private void FailAll(Exception error)
    {
        List<Pending> failed = [];
        lock (_gate)
        {
            _finished = true;
            failed.AddRange(_queue);
            _queue.Clear();
        }
        if (_inFlight is { } p) failed.Add(p);
        if (_awaitingResync is { } w) failed.Add(w);
        _inFlight = null;
        _awaitingResync = null;
        _resync = null;
        foreach (var f in failed)
        {
            f.Registration.Dispose();
            f.Tcs.TrySetException(error);
        }
    }

    private unsafe void Wake()
    {
        byte b = 1;
        lock (_gate)
        {
            if (_wakeWriteClosed) return;
            Libc.Write(_wakeWrite, &b, 1);
        }
    }

    private unsafe void DrainWakePipe()
    {
        var sink = stackalloc byte[64];
        while (Libc.Read(_wakeRead, sink, 64) > 0) { }
    }

    private bool _wakeWriteClosed;

    private void CloseWakePipe()
    {
        lock (_gate)
        {
            if (_wakeWriteClosed) return;
            _wakeWriteClosed = true;
            Libc.Close(_wakeWrite);
            Libc.Close(_wakeRead);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposeStarted || _detachRequested) return;
            _disposeStarted = true;
            _stopRequested = true;
        }
        Wake();
        await _readerExited.Task.ConfigureAwait(false);
        FailAll(new ObjectDisposedException(Path, "the AT channel was closed"));
        CloseWakePipe();
        if (_ownsFd) _fd.Dispose();
        _resource?.Dispose();
        _resource = null;
        _closed.TrySetResult();
    }

    private bool _disposeStarted;
}
