namespace WwanProto.Uci;

/// <summary>The change commands of a delta file, in libuci's order (the prefix characters are + - none @ ^ | ~).</summary>
public enum UciDeltaCommand
{
    Add = 0,
    Remove = 1,
    Change = 2,
    Rename = 3,
    Reorder = 4,
    ListAdd = 5,
    ListDel = 6,
}

/// <summary>One line of a change file: command, section, optional option and value.</summary>
public sealed record UciDelta(UciDeltaCommand Command, string Section, string? Option, string? Value)
{
    internal static char Prefix(UciDeltaCommand c) => c switch
    {
        UciDeltaCommand.Add => '+',
        UciDeltaCommand.Remove => '-',
        UciDeltaCommand.Rename => '@',
        UciDeltaCommand.Reorder => '^',
        UciDeltaCommand.ListAdd => '|',
        UciDeltaCommand.ListDel => '~',
        _ => '\0',
    };

    internal static UciDeltaCommand FromPrefix(char c) => c switch
    {
        '+' => UciDeltaCommand.Add,
        '-' => UciDeltaCommand.Remove,
        '@' => UciDeltaCommand.Rename,
        '^' => UciDeltaCommand.Reorder,
        '|' => UciDeltaCommand.ListAdd,
        '~' => UciDeltaCommand.ListDel,
        _ => UciDeltaCommand.Change,
    };

    /// <summary>The line as libuci writes it into the save dir (uci_delta_save).</summary>
    public string ToLine(string package)
    {
        var sb = new System.Text.StringBuilder();
        var p = Prefix(Command);
        if (p != '\0')
            sb.Append(p);
        sb.Append(package).Append('.').Append(Section);
        if (Option is not null)
            sb.Append('.').Append(Option);
        if (Command == UciDeltaCommand.Remove && Value is null)
            sb.Append('\n');
        else
            sb.Append('=').Append(UciText.Quote(Value ?? "")).Append('\n');
        return sb.ToString();
    }
}
