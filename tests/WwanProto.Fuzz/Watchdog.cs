namespace WwanProto.Fuzz;

/// <summary>
/// A hang is an escape too: when one input runs longer than the limit, its target and bytes are printed
/// and the process exits (an endless loop cannot be interrupted from inside).
/// </summary>
public sealed class Watchdog : IDisposable
{
    private readonly TimeSpan _limit;
    private readonly Timer _timer;
    private readonly object _gate = new();
    private string? _target;
    private byte[]? _input;
    private long _started;
    private long _sequence, _seen;

    public Watchdog(TimeSpan limit)
    {
        _limit = limit;
        _timer = new Timer(_ => Check(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public void Enter(string target, byte[] input)
    {
        lock (_gate)
        {
            _target = target;
            _input = input;
            _started = Environment.TickCount64;
            _sequence++;
        }
    }

    public void Leave()
    {
        lock (_gate) _input = null;
    }

    private void Check()
    {
        lock (_gate)
        {
            if (_input is null || _sequence != _seen) { _seen = _sequence; return; }
            if (Environment.TickCount64 - _started < _limit.TotalMilliseconds) return;
            Console.Error.WriteLine($"HANG {_target}: one input ran over {_limit.TotalSeconds:0} s\n  input ({_input.Length} bytes): {Convert.ToHexString(_input)}");
            Environment.Exit(3);
        }
    }

    public void Dispose() => _timer.Dispose();
}
