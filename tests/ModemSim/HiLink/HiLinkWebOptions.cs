namespace WwanProto.ModemSim.HiLink;

/// <summary>How the simulated stick's web UI behaves (the defaults are an unlocked E3372h with data on).</summary>
public sealed class HiLinkWebOptions
{
    /// <summary>The WebUI is locked: every API but SesTokInfo and the user/ ones answers 100003 until login.</summary>
    public bool LoginRequired;
    public string Username = "admin";
    public string Password = "admin";

    /// <summary>The mobile data switch as stored in the stick (real sticks ship with it on).</summary>
    public bool DataSwitch = true;

    /// <summary>Data switch on (and SIM ready, registered) -> ConnectionStatus 901 after this long (900 before).</summary>
    public TimeSpan ConnectDelay = TimeSpan.FromMilliseconds(300);

    /// <summary>The APN the network accepts (null = any); another APN in the default profile keeps the stick at 902.</summary>
    public string? ExpectedApn;

    /// <summary>Every answer after a login carries __RequestVerificationTokenone/two instead of one token (newer firmware).</summary>
    public bool TokenPairAfterLogin = true;

    /// <summary>Firmware without /api/net/net-mode and /api/net/register (older HiLink builds): 100002 for both.</summary>
    public bool NoNetworkSelectionApi;
}
