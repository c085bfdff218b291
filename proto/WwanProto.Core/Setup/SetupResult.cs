namespace WwanProto.Core.Setup;

/// <summary>
/// What `config setup` / `config import` did or would do: the changes as `uci batch` lines (secrets
/// masked), notes for the user, and errors (nothing is written when there are any).
/// </summary>
public sealed class SetupResult
{
    public List<string> Batch { get; } = new();
    public List<string> Notes { get; } = new();
    public List<string> Errors { get; } = new();
    public bool Ok => Errors.Count == 0;
}
