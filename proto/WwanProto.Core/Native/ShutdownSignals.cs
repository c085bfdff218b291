using System.Runtime.InteropServices;

namespace WwanProto.Core.Native;

/// <summary>
/// Turns SIGTERM, SIGINT and SIGHUP into a cancellation token instead of the default termination, so the
/// session can hang up the modem before it exits (netifd allows 5 s after SIGTERM).
/// </summary>
public sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration[] _registrations;

    /// <summary>The signal that arrived first, or null.</summary>
    public PosixSignal? Received { get; private set; }

    public CancellationToken Token => _cts.Token;

    private ShutdownSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, Handle),
        ];
    }

    public static ShutdownSignals Register() => new();

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        Received ??= context.Signal;
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cts.Dispose();
    }
}
