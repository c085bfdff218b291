using System.Globalization;
using System.Text;

namespace WwanProto.Core.Qmi;

/// <summary>
/// What this host holds on a QMI modem: its client ids and the packet data handle of its call. Written to the
/// state dir whenever they change, so that the next session (after a crash, kill -9, a router reboot without a
/// modem power cycle) can stop that call and release those clients instead of meeting "PDH already exists".
/// Lines "service=cid" and "handle=N", and for a dual-stack call the IPv6 call's own WDS client and handle
/// ("wds6=cid", "handle6=N"); nothing secret.
/// </summary>
public sealed class QmiStateFile(SystemPaths paths, string key)
{
    public sealed record Held(IReadOnlyDictionary<QmiService, byte> Clients, uint? Handle, byte? Wds6 = null, uint? Handle6 = null)
    {
        public static readonly Held None = new(new Dictionary<QmiService, byte>(), null);
        public bool IsEmpty => Clients.Count == 0 && Handle is null && Wds6 is null && Handle6 is null;
    }

    /// <summary>One file per device: <paramref name="key"/> is the USB path (stable across renumbering) or the node's name.</summary>
    public string Path { get; } = System.IO.Path.Combine(paths.StateDir, $"qmi-{Sanitize(key)}.state");

    private static string Sanitize(string key)
    {
        var sb = new StringBuilder(key.Length);
        foreach (var c in key) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_');
        return sb.ToString();
    }

    public Held Read()
    {
        string text;
        try { text = File.ReadAllText(Path); }
        catch (FileNotFoundException) { return Held.None; }
        catch (DirectoryNotFoundException) { return Held.None; }
        var clients = new Dictionary<QmiService, byte>();
        uint? handle = null, handle6 = null;
        byte? wds6 = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = line.IndexOf('=');
            if (eq <= 0) continue;
            var name = line[..eq];
            var value = line[(eq + 1)..];
            if (name == "handle" && uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var h)) handle = h;
            else if (name == "handle6" && uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var h6)) handle6 = h6;
            else if (name == "wds6" && byte.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var c6) && c6 != 0) wds6 = c6;
            else if (ServiceByName(name) is { } s && byte.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var cid) && cid != 0)
                clients[s] = cid;
        }
        return new Held(clients, handle, wds6, handle6);
    }

    public void Write(Held held)
    {
        if (held.IsEmpty) { Delete(); return; }
        var sb = new StringBuilder();
        foreach (var (s, cid) in held.Clients.OrderBy(c => (byte)c.Key))
            sb.Append(CultureInfo.InvariantCulture, $"{s.ToString().ToLowerInvariant()}={cid}\n");
        if (held.Handle is { } h) sb.Append(CultureInfo.InvariantCulture, $"handle={h}\n");
        if (held.Wds6 is { } c6) sb.Append(CultureInfo.InvariantCulture, $"wds6={c6}\n");
        if (held.Handle6 is { } h6) sb.Append(CultureInfo.InvariantCulture, $"handle6={h6}\n");
        AtomicFile.WriteState(paths, Path, Encoding.UTF8.GetBytes(sb.ToString()), 0x180 /* 0600 */);
    }

    public void Delete() => AtomicFile.Delete(Path);

    private static QmiService? ServiceByName(string name) => name switch
    {
        "wds" => QmiService.Wds,
        "dms" => QmiService.Dms,
        "nas" => QmiService.Nas,
        "uim" => QmiService.Uim,
        "wms" => QmiService.Wms,
        "voice" => QmiService.Voice,
        "wda" => QmiService.Wda,
        _ => null,
    };
}
