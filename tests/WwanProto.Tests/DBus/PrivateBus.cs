using System.Diagnostics;

namespace WwanProto.Tests.DBus;

/// <summary>
/// A real dbus-daemon (Debian's `dbus`) on a socket of the test's own, standing in for the system bus:
/// processes find it through DBUS_SYSTEM_BUS_ADDRESS. Open policy (the test is root on both ends).
/// </summary>
internal sealed class PrivateBus : IAsyncDisposable
{
    private readonly string _dir;
    private readonly Process _daemon;

    public string Address { get; }

    private PrivateBus(string dir, Process daemon, string address)
    {
        _dir = dir;
        _daemon = daemon;
        Address = address;
    }

    public static async Task<PrivateBus> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("wwan-dbus-").FullName;
        var socket = Path.Combine(dir, "system_bus_socket");
        var config = Path.Combine(dir, "bus.conf");
        File.WriteAllText(config, $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>system</type>
              <listen>unix:path={socket}</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow user="*"/>
                <allow own="*"/>
                <allow send_type="method_call"/>
                <allow send_destination="*"/>
                <allow receive_sender="*"/>
              </policy>
            </busconfig>
            """);
        var start = new ProcessStartInfo("dbus-daemon", ["--config-file=" + config, "--nofork", "--nopidfile", "--print-address"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        var daemon = Process.Start(start)!;
        daemon.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var address = await daemon.StandardOutput.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException("dbus-daemon printed no address");
        return new PrivateBus(dir, daemon, address.Trim());
    }

    /// <summary>The bus goes away (as when dbus is restarted): every connection to it closes.</summary>
    public async Task StopAsync()
    {
        if (_daemon.HasExited) return;
        _daemon.Kill();
        await _daemon.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _daemon.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
