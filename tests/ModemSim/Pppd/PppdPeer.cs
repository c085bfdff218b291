namespace WwanProto.ModemSim.Pppd;

/// <summary>
/// What the "peer" hands out in the stand-in's negotiation: $FAKE_PPPD_PEER = "local=A,remote=B,dns1=C,dns2=D"
/// (tests fill it from the simulator's <see cref="Net.AddressPlan"/>). Unset: pppd's own fallbacks.
/// </summary>
public sealed record PppdPeer(string Local, string Remote, string? Dns1, string? Dns2)
{
    public static readonly PppdPeer Default = new("10.64.64.64", "10.64.64.65", null, null);

    public static PppdPeer FromEnvironment() => Parse(Environment.GetEnvironmentVariable("FAKE_PPPD_PEER"));

    public static PppdPeer Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Default;
        var peer = Default;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"FAKE_PPPD_PEER: '{part}' is not name=value");
            var value = part[(eq + 1)..];
            if (!System.Net.IPAddress.TryParse(value, out _)) throw new ArgumentException($"FAKE_PPPD_PEER: '{value}' is not an IP address");
            peer = part[..eq] switch
            {
                "local" => peer with { Local = value },
                "remote" => peer with { Remote = value },
                "dns1" => peer with { Dns1 = value },
                "dns2" => peer with { Dns2 = value },
                var name => throw new ArgumentException($"FAKE_PPPD_PEER: unknown field '{name}' (local, remote, dns1, dns2)"),
            };
        }
        return peer;
    }

    /// <summary>The value for an address plan: the network's client address is ours, its gateway the peer, its DNS both servers.</summary>
    public static string Describe(Net.AddressPlan plan) =>
        $"local={plan.Client},remote={plan.Gateway},dns1={plan.Dns1}" + (plan.Dns2.Equals(System.Net.IPAddress.Any) ? "" : $",dns2={plan.Dns2}");
}
