using Tmds.DBus.Protocol;

namespace WwanProto.Core.DBus;

/// <summary>
/// The system D-Bus, when there is one (Debian, Raspberry Pi OS; not OpenWrt): the connection the desktop
/// services (systemd-resolved, ModemManager, NetworkManager) are reached through. Every call is bounded in
/// time and never throws: a refusal is one warning naming the service's error; a bus that went away is one
/// warning for the whole session (the link works without the bus), after which calls are not even tried.
/// </summary>
public sealed class SystemBus : IDisposable
{
    /// <summary>Writes a call's arguments; by ref, as the writer is a struct whose copy would write nowhere.</summary>
    public delegate void Body(ref MessageWriter writer);

    public const string DefaultAddress = "unix:path=/run/dbus/system_bus_socket";
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(5);
    private readonly DBusConnection _connection;
    private readonly Action<string> _log;
    private int _gone;

    private SystemBus(DBusConnection connection, Action<string> log)
    {
        _connection = connection;
        _log = log;
    }

    /// <summary>$DBUS_SYSTEM_BUS_ADDRESS, else the well-known socket.</summary>
    public static string Address => Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS") is { Length: > 0 } a ? a : DefaultAddress;

    /// <summary>The bus closed (dbus restarted, or we are exiting): nothing more is sent.</summary>
    public bool IsGone => Volatile.Read(ref _gone) != 0;

    /// <summary>
    /// Connects, or returns null: silently when the bus's socket does not exist (no D-Bus on this system),
    /// with a warning when it exists but refuses us.
    /// </summary>
    public static async Task<SystemBus?> TryConnectAsync(Action<string> log, CancellationToken ct)
    {
        var address = Address;
        if (address.StartsWith("unix:path=", StringComparison.Ordinal) && !File.Exists(address["unix:path=".Length..].Split(',')[0])) return null;
        var connection = new DBusConnection(address);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(CallBound, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped while connecting: the session ends before it starts, with nothing to tell anyone.
            connection.Dispose();
            return null;
        }
        catch (Exception e) when (IsCallFailure(e))
        {
            log($"warning: the system D-Bus at {address} is not usable ({e.Message}); DNS goes to resolvconf or a file, ModemManager and NetworkManager are not told");
            connection.Dispose();
            return null;
        }
        var bus = new SystemBus(connection, log);
        _ = bus.WatchDisconnectAsync();
        return bus;
    }

    /// <summary>Whether a service (e.g. org.freedesktop.ModemManager1) is running on the bus now; false when the bus did not answer.</summary>
    public async Task<bool> HasOwnerAsync(string name) =>
        await TryCallAsync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner", "s", (ref MessageWriter w) => w.WriteString(name),
            static (m, _) => m.GetBodyReader().ReadBool(), "the system D-Bus did not answer NameHasOwner").ConfigureAwait(false);

    /// <summary>
    /// A method call without a reply value; false when it failed, after one warning "<paramref name="what"/> (error)",
    /// or silently when the bus is gone (that was said once).
    /// </summary>
    public async Task<bool> TryCallAsync(string destination, string path, string @interface, string member, string? signature, Body? body, string what)
    {
        if (IsGone) return false;
        try
        {
            await _connection.CallMethodAsync(Message(destination, path, @interface, member, signature, body)).WaitAsync(CallBound).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (IsCallFailure(e))
        {
            Failed(e, what);
            return false;
        }
    }

    /// <summary>
    /// A method call whose reply <paramref name="reader"/> reads; default when it failed (as <see cref="TryCallAsync(string, string, string, string, string?, Body?, string)"/>),
    /// silently for the error reply named <paramref name="expectedError"/> (an answer, not a failure).
    /// </summary>
    public async Task<T?> TryCallAsync<T>(string destination, string path, string @interface, string member, string? signature, Body? body,
        MessageValueReader<T> reader, string what, string? expectedError = null)
    {
        if (IsGone) return default;
        try
        {
            return await _connection.CallMethodAsync(Message(destination, path, @interface, member, signature, body), reader).WaitAsync(CallBound).ConfigureAwait(false);
        }
        catch (DBusErrorReplyException e) when (e.ErrorName == expectedError)
        {
            return default;
        }
        catch (Exception e) when (IsCallFailure(e))
        {
            Failed(e, what);
            return default;
        }
    }

    /// <summary>The call's message, written before any await (the writer is a ref struct).</summary>
    private MessageBuffer Message(string destination, string path, string @interface, string member, string? signature, Body? body)
    {
        var writer = _connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(destination, path, @interface, member, signature);
            body?.Invoke(ref writer);
            return writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private void Failed(Exception e, string what)
    {
        if (e is DBusConnectionException or ObjectDisposedException or IOException) Gone(e);
        else if (e is DBusErrorReplyException reply) _log($"warning: {what} ({reply.ErrorName}: {reply.ErrorMessage})");
        else if (e is TimeoutException) _log($"warning: {what} (no answer within {CallBound.TotalSeconds:0} s)");
        else _log($"warning: {what} (unexpected answer: {e.Message})");
    }

    /// <summary>The connection closed under us: said once, whichever notices first (a call or the watcher).</summary>
    private void Gone(Exception? reason)
    {
        if (Interlocked.Exchange(ref _gone, 1) != 0) return;
        _log($"warning: the system D-Bus went away{(reason is null ? "" : $" ({reason.Message})")}; the link goes on, but systemd-resolved, ModemManager and NetworkManager are told nothing more this session");
    }

    private async Task WatchDisconnectAsync()
    {
        Exception? reason;
        try
        {
            reason = await _connection.DisconnectedAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            reason = e;
        }
        Gone(reason);
    }

    /// <summary>
    /// What a call to a service can fail with: an error reply, a closed bus, no answer in time, an answer of
    /// another type than the interface documents (the reader's InvalidOperationException).
    /// </summary>
    private static bool IsCallFailure(Exception e) => e is DBusExceptionBase or TimeoutException or ObjectDisposedException or IOException or InvalidOperationException;

    public void Dispose()
    {
        // Our own close is not the bus going away: no warning.
        Interlocked.Exchange(ref _gone, 1);
        _connection.Dispose();
    }
}
