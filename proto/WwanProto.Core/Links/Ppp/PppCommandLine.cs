namespace WwanProto.Core.Links.Ppp;

/// <summary>
/// A ready pppd invocation. <see cref="Argv"/>[0] is the pppd path; nothing secret is in it.
/// <see cref="SecretsFile"/> is the 0600 options file holding username and password (null without either); whoever
/// runs pppd deletes it afterwards (<see cref="PppCommand.RemoveSecrets"/>).
/// </summary>
public sealed record PppCommandLine(IReadOnlyList<string> Argv, string? SecretsFile, string Ifname);
