namespace WwanProto.Core.Setup;

/// <summary>Options mapped from another tool's configuration, and what could not be mapped (with why).</summary>
public sealed class ImportResult
{
    /// <summary>Schema option name and value, in the order found; later entries win.</summary>
    public List<KeyValuePair<string, string>> Options { get; } = new();

    /// <summary>"Setting = value: reason" for everything left out (secret values masked).</summary>
    public List<string> Unmapped { get; } = new();

    public List<string> Errors { get; } = new();

    public void Set(string option, string value)
    {
        Options.RemoveAll(o => o.Key == option);
        Options.Add(new(option, value));
    }

    public void Skip(string setting, ReadOnlySpan<char> value, string reason) =>
        Unmapped.Add(value.Length == 0 ? $"{ShownLine(setting)}: {reason}" : $"{setting} = {(SecretMask.IsSecret(setting) ? SecretMask.Masked : value)}: {reason}");

    /// <summary>A whole line left out (outside a section, not "key = value") can still carry a secret.</summary>
    private static string ShownLine(string line)
    {
        var eq = line.IndexOf('=');
        return eq > 0 && SecretMask.IsSecret(line[..eq].Trim()) ? $"{line[..eq].TrimEnd()} = {SecretMask.Masked}" : At.AtRedaction.Redact(line);
    }
}
