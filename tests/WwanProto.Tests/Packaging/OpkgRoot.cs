using System.Formats.Tar;
using System.Text;

namespace WwanProto.Tests.Packaging;

/// <summary>
/// A scratch root an .ipk is installed into with opkg's layout: the data files in place (modes kept),
/// usr/lib/opkg/info/&lt;pkg&gt;.{control,list,conffiles,postinst,prerm,...} and an entry in
/// usr/lib/opkg/status, as `opkg install` leaves them. Scripts are not run here; tests run them.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OpkgRoot : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("wwan-opkgroot-").FullName;

    public string Info(string package, string suffix) =>
        System.IO.Path.Combine(Path, "usr", "lib", "opkg", "info", $"{package}.{suffix}");

    public string File(string absolute) => System.IO.Path.Combine(Path, absolute.TrimStart('/'));

    public string Install(IpkArchive ipk)
    {
        var fields = ipk.Fields();
        var package = fields["Package"];
        var list = new StringBuilder();
        foreach (var e in ipk.Data)
        {
            var target = File(e.Name.TrimStart('.'));
            switch (e.Type)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(target);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                    Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                    System.IO.File.WriteAllBytes(target, e.Data);
                    System.IO.File.SetUnixFileMode(target, e.Mode);
                    list.Append(e.Name.TrimStart('.')).Append('\n');
                    break;
                case TarEntryType.SymbolicLink:
                    Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                    System.IO.File.CreateSymbolicLink(target, e.LinkName!);
                    list.Append(e.Name.TrimStart('.')).Append('\n');
                    break;
                default:
                    throw new InvalidOperationException($"unexpected tar entry type {e.Type} for {e.Name}");
            }
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Info(package, "list"))!);
        System.IO.File.WriteAllText(Info(package, "list"), list.ToString());
        foreach (var e in ipk.Control.Where(e => e.Type is TarEntryType.RegularFile or TarEntryType.V7RegularFile))
        {
            var target = Info(package, e.Name.TrimStart('.', '/'));
            System.IO.File.WriteAllBytes(target, e.Data);
            System.IO.File.SetUnixFileMode(target, e.Mode);
        }
        var status = new StringBuilder();
        status.Append($"Package: {package}\nVersion: {fields["Version"]}\n");
        if (fields.TryGetValue("Depends", out var deps)) status.Append($"Depends: {deps}\n");
        status.Append($"Status: install user installed\nArchitecture: {fields["Architecture"]}\n");
        status.Append($"Installed-Time: {DateTimeOffset.UtcNow.ToUnixTimeSeconds()}\n\n");
        System.IO.File.AppendAllText(System.IO.Path.Combine(Path, "usr", "lib", "opkg", "status"), status.ToString());
        return package;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
