using System.Text;
using WwanProto.Core.Native;
using WwanProto.ModemSim.At;
using WwanProto.ModemSim.Profiles;

namespace WwanProto.ModemSim.Ports;

/// <summary>
/// One modem port on a pty. The simulator keeps only the master: with no slave open the master polls HUP,
/// which is how a close (the DTR drop of a real ttyUSB) is seen. Reads lines terminated by CR, hands them to
/// the modem, writes V.250-framed replies with the run's faults. Closing the master (reset) gives the client
/// EIO/HUP, as a vanished USB tty does.
/// </summary>
internal sealed class SimPort : IDisposable
{
    private const short PollIn = 0x1, PollOut = 0x4, PollHup = 0x10;

    private readonly Pty _pty;
    private readonly IPortHost _host;
    private readonly Thread _reader;
    private readonly object _writeLock = new();
    private readonly Random _answerRng;
    private readonly Random _urcRng;
    private readonly StringBuilder _line = new();
    private Func<string, Reply>? _prompt;
    private volatile bool _stopping;
    private long _bytesReceived;

    // Data-mode escape detection ("+++" with guard time before and after).
    private DateTime _lastRx;
    private int _plusCount;
    private DateTime _escapeAt;

    public string Name { get; }
    public PortRole Role { get; }
    public int Interface { get; }
    public string PtsPath => _pty.SlavePath;
    public bool IsOpen { get; private set; }
    public DateTime MutedUntil { get; set; }
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    // Per-port AT settings (V.250 / Huawei settings are per channel).
    public bool Echo;
    public int Cmee;
    public bool Verbose = true;
    public bool Quiet;
    public int Curc = 1;
    public int Creg, Cgreg, Cereg;
    public volatile PortMode Mode;
    public int PppCid;

    public SimPort(string name, PortRole role, int iface, IPortHost host, int seed)
    {
        Name = name;
        Role = role;
        Interface = iface;
        _host = host;
        _pty = Pty.Open();
        // The sim must not hold the slave: its HUP is our "client closed the port" signal.
        _pty.Slave.Dispose();
        _answerRng = new Random(seed);
        _urcRng = new Random(seed ^ 0x5A5A5A5);
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"sim-{name}" };
    }

    public void Start() => _reader.Start();

    private void ReadLoop()
    {
        var buffer = new byte[4096];
        while (!_stopping)
        {
            short revents;
            try { revents = _pty.Master.Poll(PollIn, 40); }
            catch (NativeException) { return; }
            catch (ObjectDisposedException) { return; }
            if ((revents & PollIn) != 0)
            {
                int n;
                try { n = _pty.Master.Read(buffer); }
                catch (NativeException) { n = 0; }
                catch (ObjectDisposedException) { return; }
                if (n > 0)
                {
                    if (!IsOpen) Opened();
                    Interlocked.Add(ref _bytesReceived, n);
                    Feed(buffer.AsSpan(0, n));
                    continue;
                }
            }
            if ((revents & PollHup) != 0)
            {
                if (IsOpen) Closed();
                Thread.Sleep(20);
                continue;
            }
            if (revents == 0 && !IsOpen) Opened();
            CheckEscape();
        }
    }

    private void Opened()
    {
        IsOpen = true;
        _line.Clear();
        _host.OnOpened(this);
        if (_host.Faults.Garbage && Role != PortRole.Diag) WriteRaw(OutputShaper.Garbage(_answerRng), _answerRng);
    }

    private void Closed()
    {
        IsOpen = false;
        _line.Clear();
        _prompt = null;
        _plusCount = 0;
        _escapeAt = default;
        _host.OnClosed(this);
    }

    private void Feed(ReadOnlySpan<byte> data)
    {
        if (Role == PortRole.Diag) return;
        if (DateTime.UtcNow < MutedUntil) return;
        if (Role == PortRole.Qmi)
        {
            _host.OnQmi(this, data);
            return;
        }
        if (Mode == PortMode.Data)
        {
            FeedData(data);
            return;
        }
        foreach (var b in data)
        {
            if (_prompt is not null)
            {
                Prompted(b);
                continue;
            }
            switch (b)
            {
                case (byte)'\r':
                    var line = _line.ToString();
                    _line.Clear();
                    HandleLine(line);
                    if (Mode == PortMode.Data) return;
                    break;
                case (byte)'\n' when _line.Length == 0:
                    break;
                case 0x08 or 0x7f:
                    if (_line.Length > 0) _line.Length--;
                    break;
                default:
                    if (_line.Length < 1024) _line.Append((char)b);
                    break;
            }
        }
    }

    private void FeedData(ReadOnlySpan<byte> data)
    {
        var now = DateTime.UtcNow;
        var guard = _host.EscapeGuard;
        var run = 0;
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] == (byte)'+' && _plusCount < 3 && (_plusCount > 0 || (run == 0 && now - _lastRx >= guard)))
            {
                _plusCount++;
                if (_plusCount == 3) _escapeAt = now;
                continue;
            }
            if (_plusCount > 0)
            {
                // Not an escape after all: the plus signs were payload.
                _host.OnData(this, "+++"u8[.._plusCount]);
                _plusCount = 0;
                _escapeAt = default;
            }
            run++;
            _host.OnData(this, data.Slice(i, 1));
        }
        _lastRx = now;
    }

    private void CheckEscape()
    {
        if (_plusCount != 3 || _escapeAt == default) return;
        if (DateTime.UtcNow - _escapeAt < _host.EscapeGuard) return;
        _plusCount = 0;
        _escapeAt = default;
        _host.OnEscape(this);
    }

    /// <summary>Marks the start of data mode (the guard time before "+++" counts from CONNECT).</summary>
    public void EnterDataMode()
    {
        _lastRx = DateTime.UtcNow;
        _plusCount = 0;
        _escapeAt = default;
        Mode = PortMode.Data;
    }

    /// <summary>A byte of the text after "> ": Ctrl-Z sends it, ESC cancels, CR/LF are part of the typing (ignored).</summary>
    private void Prompted(byte b)
    {
        switch (b)
        {
            case 0x1A:
                var text = _line.ToString();
                var submit = _prompt!;
                _prompt = null;
                _line.Clear();
                if (Echo) WriteRaw(OutputShaper.Latin1(text), _answerRng);
                WriteReply(null, submit(text));
                break;
            case 0x1B:
                _prompt = null;
                _line.Clear();
                WriteReply(null, new Reply());
                break;
            case (byte)'\r' or (byte)'\n':
                break;
            default:
                if (_line.Length < 1024) _line.Append((char)b);
                break;
        }
    }

    private void HandleLine(string line)
    {
        var reply = _host.OnLine(this, line);
        if (reply is null) return;
        var echo = Echo ? line + "\r" : null;
        if (reply.Prompt is { } prompt)
        {
            _prompt = prompt;
            WriteRaw(OutputShaper.Latin1((echo ?? "") + "\r\n> "), _answerRng);
            return;
        }
        var slow = _host.Faults.SlowAnswers;
        if (slow > TimeSpan.Zero)
            Thread.Sleep(slow + TimeSpan.FromMilliseconds(_answerRng.Next((int)(slow.TotalMilliseconds / 4) + 1)));
        WriteReply(echo, reply);
        reply.After?.Invoke();
    }

    private void WriteReply(string? echo, Reply reply)
    {
        var units = new List<string>();
        if (echo is not null) units.Add(echo);
        foreach (var l in reply.Lines)
        {
            var line = Colon(l);
            units.Add(Verbose ? $"\r\n{line}\r\n" : $"{line}\r\n");
        }
        var final = reply.Final is null || Quiet ? null : FormatFinal(reply.Final);
        var faults = _host.Faults;
        var faultUrcs = FaultUrcs;
        var urcInfo = "";
        if (faults.InterleaveUrcs && faultUrcs.Count > 0 && final is not null && units.Count > 0 && _answerRng.Next(2) == 0)
        {
            var at = 1 + _answerRng.Next(units.Count);
            var pick = faultUrcs[_answerRng.Next(faultUrcs.Count)];
            units.Insert(at, $"\r\n{reply.FaultUrc ?? pick}\r\n");
            urcInfo = $" urc@{at}";
        }
        if (final is not null) units.Add(final);
        if (faults.GlueUrcToOk && faultUrcs.Count > 0 && final is not null && _answerRng.Next(2) == 0)
        {
            units.Add($"\r\n{faultUrcs[_answerRng.Next(faultUrcs.Count)]}\r\n");
            urcInfo += " glued";
        }
        var bytes = OutputShaper.Latin1(string.Concat(units));
        if (bytes.Length == 0) return;
        var points = faults.SplitReads ? OutputShaper.SplitPoints(_answerRng, bytes.Length) : [];
        _host.Trace($"{Name} reply {bytes.Length}B split[{string.Join(',', points)}]{urcInfo}");
        Write(bytes, points);
        if (faults.Garbage && _answerRng.Next(8) == 0) WriteRaw(OutputShaper.Garbage(_answerRng), _answerRng);
    }

    public IReadOnlyList<string> FaultUrcs { get; set; } = [];

    /// <summary>Applies the run's colon-spacing variant to a "+X:" / "^X:" line.</summary>
    private string Colon(string line)
    {
        var style = _host.ColonStyle;
        if (style == "device" || line.Length < 2 || line[0] is not ('+' or '^')) return line;
        var colon = line.IndexOf(':');
        if (colon < 0) return line;
        var rest = line[(colon + 1)..].TrimStart(' ');
        return style == "space" ? $"{line[..colon]}: {rest}" : $"{line[..colon]}:{rest}";
    }

    private string FormatFinal(string final)
    {
        if (Verbose) return $"\r\n{final}\r\n";
        var code = final switch
        {
            "OK" => "0",
            "RING" => "2",
            "NO CARRIER" => "3",
            "ERROR" => "4",
            "NO DIALTONE" => "6",
            "BUSY" => "7",
            "NO ANSWER" => "8",
            _ when final.StartsWith("CONNECT", StringComparison.Ordinal) => "1",
            _ => null,
        };
        return code is null ? $"{final}\r\n" : code + "\r";
    }

    /// <summary>An unsolicited line (framed \r\n…\r\n); dropped while the port is closed, muted or in data mode.</summary>
    public void WriteUrc(string text)
    {
        if (!IsOpen || Role == PortRole.Diag || Mode == PortMode.Data || DateTime.UtcNow < MutedUntil) return;
        var bytes = OutputShaper.Latin1($"{(_host.DoubledCrUrcs ? "\r\r\n" : "\r\n")}{Colon(text)}\r\n");
        var points = _host.Faults.SplitReads ? OutputShaper.SplitPoints(_urcRng, bytes.Length) : [];
        Write(bytes, points);
    }

    /// <summary>A final result outside a command (NO CARRIER when a call ends, OK after "+++").</summary>
    public void WriteFinal(string final)
    {
        if (!IsOpen || Quiet) return;
        Write(OutputShaper.Latin1(FormatFinal(final)), []);
    }

    /// <summary>QMUX frames from the modem: split at seeded points with the split fault (a pty hands them over in pieces).</summary>
    public void WriteQmi(byte[] frames)
    {
        if (!IsOpen) return;
        var points = _host.Faults.SplitReads ? OutputShaper.SplitPoints(_answerRng, frames.Length) : [];
        _host.Trace($"{Name} qmi {frames.Length}B split[{string.Join(',', points)}]");
        Write(frames, points);
    }

    /// <summary>PPP payload from the network side: raw, no framing.</summary>
    public void WriteData(ReadOnlySpan<byte> data)
    {
        if (!IsOpen) return;
        Write(data.ToArray(), []);
    }

    private void WriteRaw(byte[] bytes, Random rng) =>
        Write(bytes, _host.Faults.SplitReads ? OutputShaper.SplitPoints(rng, bytes.Length) : []);

    private void Write(byte[] bytes, IReadOnlyList<int> points)
    {
        lock (_writeLock)
        {
            var first = true;
            foreach (var piece in OutputShaper.Cut(bytes, points))
            {
                if (!first) Thread.Sleep(2);
                first = false;
                if (_stopping || _pty.Master.IsClosed) return;
                try
                {
                    // A closed USB tty drops what the modem sends; a pty would keep it for the next opener.
                    var revents = _pty.Master.Poll(PollOut, 1000);
                    if ((revents & PollHup) != 0 || (revents & PollOut) == 0) return;
                    _pty.Master.WriteAll(piece, 1000);
                }
                catch (NativeException) { return; }
                catch (ObjectDisposedException) { return; }
            }
        }
    }

    /// <summary>Stops the reader and closes the master: the client sees EIO / hang-up.</summary>
    public void Dispose()
    {
        _stopping = true;
        if (_reader.IsAlive && Thread.CurrentThread != _reader) _reader.Join(2000);
        lock (_writeLock) _pty.Dispose();
    }
}
