using WwanProto.Core.Config;
using WwanProto.Core.Usb;
using WwanProto.Uci;

namespace WwanProto.Core.Setup;

/// <summary>
/// Writes a working `proto huaweiwwan` interface section (and the interface's membership of a firewall
/// zone) through the UCI library: changes recorded in a private save dir, then committed atomically, so
/// other tools' pending uci changes are neither applied nor committed by us.
/// </summary>
public sealed class InterfaceSetup(string confDir, Func<UsbTree>? usbTree)
{
    /// <summary>Options given for the interface (schema names, .NET strings); "" deletes an option.</summary>
    public SetupResult Run(string iface, IReadOnlyList<KeyValuePair<string, string>> options, string? zone, bool dryRun)
    {
        var result = new SetupResult();
        if (!UciNames.IsValidName(iface))
        {
            result.Errors.Add($"interface name '{iface}': only letters, digits and '_' are allowed");
            return result;
        }
        foreach (var (name, _) in options)
            if (OptionSchema.Find(name) is null)
                result.Errors.Add($"option '{name}': not a {OptionSchema.ProtocolName} option");
        if (!result.Ok)
            return result;

        var saveDir = Path.Combine(Path.GetTempPath(), $"huaweiwwan-setup-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var uci = new UciContext { ConfDir = confDir };
        uci.UsePrivateSaveDir(saveDir);
        try
        {
            return Apply(uci, iface, options, zone, dryRun, result);
        }
        catch (UciException e)
        {
            result.Errors.Add($"{confDir}: {uci.Describe(e.Error)}");
            return result;
        }
        finally
        {
            if (Directory.Exists(saveDir))
                Directory.Delete(saveDir, recursive: true);
        }
    }

    private SetupResult Apply(UciContext uci, string iface, IReadOnlyList<KeyValuePair<string, string>> options, string? zone, bool dryRun, SetupResult result)
    {
        if (!File.Exists(Path.Combine(uci.ConfDir, "network")))
        {
            result.Errors.Add($"no network config at {Path.Combine(uci.ConfDir, "network")}");
            return result;
        }
        var network = uci.LookupPtr("network").P!;
        var sec = UciText.FromUnicode(iface);
        var section = network.FindSection(sec);
        if (section is not null && section.Type != "interface")
        {
            result.Errors.Add($"network.{iface} is a '{section.Type}' section, not an interface");
            return result;
        }
        if (section is null)
            uci.Set(uci.LookupPtr($"network.{sec}=interface"));
        bool wasOurs = section is not null && UciSections.Proto(section) == OptionSchema.ProtocolName;
        Set(uci, sec, "proto", OptionSchema.ProtocolName);
        section = network.FindSection(sec)!;

        // Another protocol's device is a network device name (eth1, wwan0), not a modem reference.
        if (!wasOurs && section.FindOption("device") is { } oldDevice
            && (oldDevice.IsList || ValueRules.Device(UciText.ToUnicode(oldDevice.Value!)) is not null))
        {
            uci.Delete(uci.LookupPtr($"network.{sec}.device"));
            result.Notes.Add($"removed device '{UciText.ToUnicode(oldDevice.Value ?? "")}' (a network device of the previous protocol, not a modem)");
        }

        foreach (var o in section.Options.ToArray())
        {
            var n = UciText.ToUnicode(o.Name);
            if (OptionSchema.Find(n) is null && !OptionSchema.NetifdGeneric.Contains(n))
            {
                uci.Delete(uci.LookupPtr($"network.{sec}.{o.Name}"));
                result.Notes.Add($"removed option '{n}' (not a {OptionSchema.ProtocolName} option)");
            }
        }

        bool deviceGiven = false;
        foreach (var (name, value) in options)
        {
            Set(uci, sec, name, value);
            deviceGiven |= name == "device";
        }
        if (!deviceGiven)
            DetectDevice(uci, sec, section, result);
        else
            DescribeDevice(options.Last(o => o.Key == "device").Value, result);
        if (!result.Ok)
            return result;

        var (_, errors) = OptionParser.Parse(UciSections.RawOptions(section), rejectUnknown: true);
        foreach (var e in errors)
            result.Errors.Add(e.Value is not null && SecretMask.IsSecret(e.Option) ? (e with { Value = SecretMask.Masked }).ToString() : e.ToString());
        if (!result.Ok)
            return result;

        UciPackage? firewall = null;
        if (zone is not null)
            firewall = JoinZone(uci, iface, zone, result);

        result.Batch.AddRange(UciBatchLines.Of(network));
        if (firewall is not null)
            result.Batch.AddRange(UciBatchLines.Of(firewall));
        if (result.Batch.Count == 0)
            result.Notes.Add("nothing to change");
        if (dryRun || result.Batch.Count == 0)
            return result;

        uci.Save(network);
        uci.Commit(ref network, false);
        result.Batch.Add("commit network");
        if (firewall is not null && firewall.PendingChanges.Count > 0)
        {
            uci.Save(firewall);
            uci.Commit(ref firewall, false);
            result.Batch.Add("commit firewall");
        }
        return result;
    }

    /// <summary>Sets an option; an enumeration's value is stored in the schema's spelling ("LTE" becomes "lte").</summary>
    private static void Set(UciContext uci, string section, string option, string value)
    {
        if (OptionSchema.Find(option)?.Choices is { } choices)
            value = choices.FirstOrDefault(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase)) ?? value;
        uci.Set(uci.LookupPtr($"network.{section}.{UciText.FromUnicode(option)}={UciText.FromUnicode(value)}"));
    }

    /// <summary>No device given: keep one already configured, else take the only modem present (by its stable USB path).</summary>
    private void DetectDevice(UciContext uci, string sec, UciSection section, SetupResult result)
    {
        if (section.FindOption("device") is { IsList: false } existing)
        {
            DescribeDevice(UciText.ToUnicode(existing.Value!), result);
            return;
        }
        if (usbTree is null)
        {
            result.Notes.Add("modem not detected (no USB access); device left at 'auto'");
            return;
        }
        var modems = usbTree().Modems.ToArray();
        switch (modems.Length)
        {
            case 0:
                result.Notes.Add("no modem found now; device left at 'auto' (the first modem plugged in will be used)");
                break;
            case 1:
                Set(uci, sec, "device", modems[0].Name);
                result.Notes.Add("detected modem: " + Describe(modems[0]));
                break;
            default:
                result.Errors.Add($"{modems.Length} modems found: {string.Join("; ", modems.Select(m => m.Describe()))}; choose one with --device (USB path, vid:pid@n or imei:)");
                break;
        }
    }

    private void DescribeDevice(string device, SetupResult result)
    {
        if (usbTree is null || device.StartsWith("imei:", StringComparison.Ordinal) || ValueRules.Device(device) is not null)
            return;
        var r = DeviceResolver.Resolve(usbTree(), device);
        result.Notes.Add(r.Found ? $"device '{device}': {Describe(r.Device!)}" : $"warning: {r.Error!.Message}");
    }

    /// <summary>"1-1.2 12d1:1506 HUAWEI Mobile (ncm), ports ttyUSB0 control, wwan0 net".</summary>
    private static string Describe(UsbDevice d)
    {
        var ports = PortSelector.FromDescriptors(d).Ports.Select(p => $"{p.Name} {p.Role.ToString().ToLowerInvariant()}").ToArray();
        return ports.Length == 0 ? d.Describe() : $"{d.Describe()}, ports {string.Join(", ", ports)}";
    }

    /// <summary>Adds the interface to the firewall zone's network list, where a firewall config and that zone exist.</summary>
    private static UciPackage? JoinZone(UciContext uci, string iface, string zone, SetupResult result)
    {
        if (!File.Exists(Path.Combine(uci.ConfDir, "firewall")))
            return null;
        var firewall = uci.LookupPtr("firewall").P!;
        var z = firewall.Sections.FirstOrDefault(s => s.Type == "zone" && s.FindOption("name") is { IsList: false } n && UciText.ToUnicode(n.Value!) == zone);
        if (z is null)
        {
            result.Notes.Add($"no firewall zone '{zone}'; interface not added to a zone");
            return firewall;
        }
        var sec = UciText.FromUnicode(iface);
        var net = z.FindOption("network");
        var members = net is null ? [] : net.IsList ? net.Items!.ToList() : net.Value!.Split(' ', '\t').Where(m => m.Length > 0).ToList();
        if (members.Contains(sec))
            return firewall;
        var target = $"firewall.{z.Name}.network";
        if (net is not null && !net.IsList)
        {
            // An old-style "wan wan6" string would become one list item "wan wan6": split it first.
            uci.Delete(uci.LookupPtr(target));
            foreach (var m in members)
                uci.AddList(uci.LookupPtr($"{target}={m}"));
        }
        uci.AddList(uci.LookupPtr($"{target}={sec}"));
        return firewall;
    }
}
