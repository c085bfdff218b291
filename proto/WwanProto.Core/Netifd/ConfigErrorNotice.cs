using WwanProto.Core.Config;

namespace WwanProto.Core.Netifd;

/// <summary>
/// The one config error netifd gets. The dump sets `lasterror`, so netifd keeps only the last error
/// notified: one notify carries the most useful code and every option that has it
/// (`error: [code, opt1, opt2, ...]`, netifd's limit of 16 strings); the log gets every error.
/// A misspelt/unknown option is the least useful code (netifd only passes declared options anyway),
/// so any other code wins over UNKNOWN_OPTION; otherwise the first error in schema order decides.
/// </summary>
public sealed record ConfigErrorNotice(string Code, IReadOnlyList<string> Options)
{
    public const string UnknownOption = "UNKNOWN_OPTION";

    public static ConfigErrorNotice From(IReadOnlyList<ConfigError> errors)
    {
        if (errors.Count == 0) throw new ArgumentException("no config errors to report", nameof(errors));
        var chosen = errors[0];
        foreach (var e in errors)
            if (e.Code != UnknownOption) { chosen = e; break; }
        var options = new List<string>();
        foreach (var e in errors)
            if (e.Code == chosen.Code && !options.Contains(e.Option)) options.Add(e.Option);
        return new ConfigErrorNotice(chosen.Code, options);
    }

    public byte[] ToNotify(string iface) => NotifyMessages.Error(iface, Code, Options);
}
