using System.Globalization;

namespace WwanProto.ModemSim.Cli;

/// <summary>
/// wwan-sim arguments -> <see cref="SimOptions"/>:
/// --profile NAME --root DIR [--seed N] [--fault split,urc,glue,garbage,slow=MS,mute=S,reset=S,reset-storage]
/// [--card ready|pin:PIN:TRIES|puk|absent|dead|busy=S (comma-separated)] [--netdev NAME --veth [--host-netns NS] [--dhcp]]
/// [--registration home|roaming|denied|searching] [--reject CAUSE] [--stale] [--stuck] [--no-pin-retries] [--usb-path P]
/// [--control PATH] [--info FILE]
/// </summary>
public sealed record CommandLine(SimOptions Options, string? ControlPath, string? InfoPath)
{
    public const string Usage =
        "usage: wwan-sim --profile NAME [--root DIR] [--seed N] [--fault split,urc,glue,garbage,slow=MS,mute=S,reset=S,reset-storage]\n" +
        "                [--card ready|pin:PIN:TRIES|puk|absent|dead|busy=S] [--netdev NAME --veth [--host-netns NS] [--dhcp]]\n" +
        "                [--registration home|roaming|denied|searching] [--reject CAUSE] [--apn APN] [--colon device|space|nospace] [--stale] [--stuck] [--no-pin-retries] [--usb-path P]\n" +
        "                [--control FIFO] [--info FILE]\n" +
        "profiles: e3372h-153 e3372h-320 e3131 e367 e392 storage-1505 phone-acm storage-1f01 hilink android gateway-1001\n" +
        "control lines: " + ControlFifo.Usage + "\n" +
        "       wwan-sim pppd <pppd options...>   pppd stand-in for kernels without PPP (Pppd/FakePppd.cs; env FAKE_PPPD_PEER, FAKE_PPPD_TUN=1)";

    public static CommandLine Parse(string[] args)
    {
        string profile = "e3372h-153", registration = "home", usbPath = "1-1";
        string? root = null, netdev = null, hostNs = null, control = null, info = null, apn = null;
        var colon = "device";
        int seed = 1, reject = 0;
        bool veth = false, dhcp = false, stale = false, stuck = false, noPinRetries = false;
        var faults = new SimFaults();
        var card = new SimCardOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--profile": profile = Value(); break;
                case "--root": root = Value(); break;
                case "--seed": seed = Int(Value(), "--seed"); break;
                case "--fault": ParseFaults(Value(), faults); break;
                case "--card": ParseCard(Value(), card); break;
                case "--netdev": netdev = Value(); break;
                case "--veth": veth = true; break;
                case "--host-netns": hostNs = Value(); break;
                case "--dhcp": dhcp = true; break;
                case "--registration": registration = Value(); break;
                case "--reject": reject = Int(Value(), "--reject"); break;
                case "--stale": stale = true; break;
                case "--apn": apn = Value(); break;
                case "--colon": colon = Value(); break;
                case "--stuck": stuck = true; break;
                case "--no-pin-retries": noPinRetries = true; break;
                case "--usb-path": usbPath = Value(); break;
                case "--control": control = Value(); break;
                case "--info": info = Value(); break;
                default: throw new ArgumentException($"unknown argument \"{args[i]}\"");
            }
        }
        var options = new SimOptions
        {
            Profile = profile, Root = root, Seed = seed, Faults = faults, Card = card, NetDev = netdev, CreateVeth = veth,
            HostNetNs = hostNs, DhcpServer = dhcp, Registration = registration, NdisRejectCause = reject, StaleSession = stale,
            StuckInDataMode = stuck, NoPinRetries = noPinRetries, UsbPath = usbPath, ExpectedApn = apn, ColonStyle = colon,
        };
        return new CommandLine(options, control, info);
    }

    private static int Int(string s, string what) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"{what}: \"{s}\" is not a number");

    private static void ParseFaults(string spec, SimFaults faults)
    {
        foreach (var item in spec.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = item.IndexOf('=') is var eq and >= 0 ? (item[..eq], item[(eq + 1)..]) : (item, "");
            switch (key)
            {
                case "split": faults.SplitReads = true; break;
                case "merge-qmi": faults.MergeQmi = true; break;
                case "urc": faults.InterleaveUrcs = true; break;
                case "glue": faults.GlueUrcToOk = true; break;
                case "garbage": faults.Garbage = true; break;
                case "slow": faults.SlowAnswers = TimeSpan.FromMilliseconds(Int(value, "slow")); break;
                case "mute": faults.MuteAfterStart = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)); break;
                case "reset": faults.ResetAfter = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)); break;
                case "reset-storage": faults.ResetToStorage = true; break;
                case "gsm-reset": faults.ResetOnGsmCall = true; break;
                default: throw new ArgumentException($"unknown fault \"{key}\" (split, merge-qmi, urc, glue, garbage, slow=MS, mute=S, reset=S, reset-storage, gsm-reset)");
            }
        }
    }

    private static void ParseCard(string spec, SimCardOptions card)
    {
        foreach (var item in spec.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(':');
            if (parts[0].StartsWith("busy=", StringComparison.Ordinal))
            {
                card.BusyFor = TimeSpan.FromSeconds(double.Parse(parts[0][5..], CultureInfo.InvariantCulture));
                continue;
            }
            card.State = parts[0] switch
            {
                "ready" or "pin" or "puk" or "absent" or "dead" => parts[0],
                _ => throw new ArgumentException($"unknown card state \"{parts[0]}\" (ready, pin:PIN:TRIES, puk, absent, dead, busy=S)"),
            };
            if (parts.Length > 1) card.Pin = parts[1];
            if (parts.Length > 2) card.PinAttempts = Int(parts[2], "--card tries");
        }
    }
}
