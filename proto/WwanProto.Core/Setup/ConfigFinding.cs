namespace WwanProto.Core.Setup;

/// <summary>
/// One result line of `config check`: the interface, a machine-readable code (the netifd error codes:
/// INVALID_APN, UNKNOWN_OPTION, NO_DEVICE, AMBIGUOUS_DEVICE ...; OK; NOTE for information) and a message.
/// </summary>
public sealed record ConfigFinding(string Interface, string Code, string Message)
{
    public bool IsError => Code is not ("OK" or "NOTE");

    public override string ToString() => $"network.{Interface}: {Code}: {Message}";
}
