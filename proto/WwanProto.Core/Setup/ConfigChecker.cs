using WwanProto.Core.Config;
using WwanProto.Core.Session;
using WwanProto.Core.Usb;
using WwanProto.Uci;

namespace WwanProto.Core.Setup;

/// <summary>
/// `config check`: validates `proto huaweiwwan` interfaces of the network config against the option
/// schema (unknown options rejected) and resolves their `device` against the USB devices present.
/// </summary>
/// <remarks>An imei: device is asked of the modems through <paramref name="imeiLookup"/> (AT+CGSN); without one it is reported unverified.</remarks>
public sealed class ConfigChecker(UciContext uci, Func<UsbTree>? usbTree, IImeiLookup? imeiLookup = null)
{
    /// <summary>Findings for one interface (iface given) or all huaweiwwan interfaces; errors make the check fail.</summary>
    public List<ConfigFinding> Check(string? iface)
    {
        var findings = new List<ConfigFinding>();
        var network = uci.LookupPtr("network").P!;
        List<UciSection> targets;
        if (iface is not null)
        {
            var s = network.FindSection(UciText.FromUnicode(iface));
            if (s is null || s.Type != "interface")
            {
                findings.Add(new ConfigFinding(iface, "NO_INTERFACE", $"no interface section '{iface}' in {ConfigPath()}"));
                return findings;
            }
            if (UciSections.Proto(s) != OptionSchema.ProtocolName)
            {
                findings.Add(new ConfigFinding(iface, "WRONG_PROTO", $"proto is '{UciSections.Proto(s) ?? ""}', not '{OptionSchema.ProtocolName}'"));
                return findings;
            }
            targets = [s];
        }
        else
        {
            targets = UciSections.HuaweiInterfaces(network).ToList();
            if (targets.Count == 0)
            {
                findings.Add(new ConfigFinding("*", "NO_INTERFACE", $"no interface with proto '{OptionSchema.ProtocolName}' in {ConfigPath()}"));
                return findings;
            }
        }

        UsbTree? tree = null;
        foreach (var s in targets)
        {
            var name = UciText.ToUnicode(s.Name);
            var (options, errors) = OptionParser.Parse(UciSections.RawOptions(s), rejectUnknown: true);
            foreach (var e in errors)
                findings.Add(new ConfigFinding(name, e.Code, Describe(e)));
            if (options is null)
                continue;
            if (usbTree is null)
            {
                findings.Add(new ConfigFinding(name, "OK", "options valid (device not checked)"));
                continue;
            }
            tree ??= usbTree();
            findings.Add(CheckDevice(name, options.Device, tree, imeiLookup));
        }
        return findings;
    }

    private string ConfigPath() => uci.ConfDir + "/network";

    /// <summary>The schema's error text, with values of secret-looking unknown options masked too.</summary>
    private static string Describe(ConfigError e) =>
        e.Value is not null && SecretMask.IsSecret(e.Option) ? (e with { Value = SecretMask.Masked }).ToString() : e.ToString();

    private static ConfigFinding CheckDevice(string iface, string device, UsbTree tree, IImeiLookup? imeiLookup)
    {
        var byImei = device.StartsWith("imei:", StringComparison.Ordinal);
        if (byImei && imeiLookup is null)
            return new ConfigFinding(iface, "OK", $"options valid; device '{device}' not resolved (an IMEI needs the modem to answer AT+CGSN)");
        DeviceResolution r;
        if (byImei)
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            r = DeviceResolver.ResolveAsync(tree, device, imeiLookup, bound.Token).GetAwaiter().GetResult();
            if (!r.Found && r.Error is { } imeiError)
                r = r with { Error = imeiError with { Message = imeiError.Message + " (a modem whose port a running session holds cannot be asked; its USB path names it without asking)" } };
        }
        else
        {
            r = DeviceResolver.Resolve(tree, device);
        }
        if (r.Found)
            return new ConfigFinding(iface, "OK", $"options valid; device '{device}' is {r.Device!.Describe()}");
        var err = r.Error ?? new SessionError(ErrorCodes.NoDevice, $"device '{device}' not found");
        return new ConfigFinding(iface, err.Code, err.Message);
    }
}
