namespace WwanProto.Core.Setup;

/// <summary>
/// wvdial.conf → interface options. Settings come from [Dialer Defaults] overlaid by the chosen
/// [Dialer NAME] section (wvdial's own inheritance); keys are case-insensitive like wvdial's.
/// </summary>
/// <remarks>
/// Settings are held as places in the text (<see cref="Setting"/>), not as strings, until they are mapped, and the
/// mapping writes its messages straight from those places. Why: a large file's own strings (each line, its key and
/// its value, kept in the section lists until the end) plus the per-command temporaries made 28 bytes of garbage per
/// byte of input, and every collection during the call had to mark and copy all that was still held. CPU outside
/// the collector stayed flat per byte from 10 KB to 4 MB while collector time per byte grew with the input (0.3 ns at
/// 10 KB, 11 ns at 1 MB, 50 ns at 4 MB): the linearity probe read 206-236. What is left to collect is the output
/// (the "not mapped" lines) and little else.
/// </remarks>
public static class WvdialImport
{
    public static bool Looks(string text) => text.Contains("[Dialer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where a trimmed piece of the text is.</summary>
    private readonly record struct Piece(int Start, int Length)
    {
        public ReadOnlySpan<char> In(string text) => text.AsSpan(Start, Length);

        public static Piece Trimmed(string text, int start, int end)
        {
            while (start < end && char.IsWhiteSpace(text[start])) start++;
            while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
            return new(start, end - start);
        }
    }

    /// <summary>One "Key = value" line of a section.</summary>
    private readonly record struct Setting(Piece Key, Piece Value);

    public static ImportResult Parse(string text, string? dialer)
    {
        var result = new ImportResult();
        var sections = new Dictionary<string, List<Setting>>(StringComparer.OrdinalIgnoreCase);
        var byName = sections.GetAlternateLookup<ReadOnlySpan<char>>();
        List<Setting>? current = null;
        for (var start = 0; start < text.Length;)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            var piece = Piece.Trimmed(text, start, end);
            start = end + 1;
            var line = piece.In(text);
            if (line.Length == 0 || line[0] is ';' or '#')
                continue;
            if (line[0] == '[' && line[^1] == ']')
            {
                var name = line[1..^1].Trim();
                if (!name.StartsWith("Dialer ", StringComparison.OrdinalIgnoreCase))
                {
                    current = null;
                    result.Skip($"[{name}]", "", "not a dialer section");
                    continue;
                }
                name = name[7..].Trim();
                if (!byName.TryGetValue(name, out current))
                    byName[name] = current = new();
                continue;
            }
            var eq = line.IndexOf('=');
            if (current is null || eq <= 0)
            {
                result.Skip(line.ToString(), "", current is null ? "outside a [Dialer ...] section" : "not a 'Setting = value' line");
                continue;
            }
            current.Add(new(Piece.Trimmed(text, piece.Start, piece.Start + eq), Piece.Trimmed(text, piece.Start + eq + 1, piece.Start + piece.Length)));
        }

        // Defaults, then the chosen dialer's own settings (read in place: a copy of both is one more large array).
        sections.TryGetValue("Defaults", out var defaults);
        defaults ??= [];
        List<Setting> chosen = [];
        if (dialer is not null && !dialer.Equals("Defaults", StringComparison.OrdinalIgnoreCase))
        {
            if (!sections.TryGetValue(dialer, out chosen!))
            {
                result.Errors.Add($"no [Dialer {dialer}] section (have: {string.Join(", ", sections.Keys)})");
                return result;
            }
        }
        else
        {
            foreach (var other in sections.Keys.Where(k => !k.Equals("Defaults", StringComparison.OrdinalIgnoreCase)))
                result.Skip($"[Dialer {other}]", "", "another dialer; choose it with --dialer " + other);
        }
        var count = defaults.Count + chosen.Count;
        if (count == 0)
        {
            result.Errors.Add("no [Dialer Defaults] settings found");
            return result;
        }
        Setting At(int i) => i < defaults.Count ? defaults[i] : chosen[i - defaults.Count];

        // Init strings run in the order of their numbers (Init1, Init2, ... then Init), everything else in file order.
        // Grouped by number (each group a list of positions), then the few distinct numbers sorted: linear in the
        // settings, not n log n.
        var byOrder = new Dictionary<int, List<int>>();
        for (var i = 0; i < count; i++)
        {
            var order = InitOrder(At(i).Key.In(text));
            if (!byOrder.TryGetValue(order, out var group)) byOrder[order] = group = [];
            group.Add(i);
        }
        foreach (var order in byOrder.Keys.Order())
            foreach (var i in byOrder[order])
                Map(text, At(i), result);
        return result;
    }

    private static int InitOrder(ReadOnlySpan<char> key) =>
        key.StartsWith("Init", StringComparison.OrdinalIgnoreCase) && int.TryParse(key[4..], out int n) ? n : 0;

    private static void Map(string text, Setting setting, ImportResult result)
    {
        var key = setting.Key.In(text);
        var value = setting.Value.In(text);
        if (key.Equals("modem", StringComparison.OrdinalIgnoreCase))
            result.Set("device", value.ToString());
        else if (key.Equals("phone", StringComparison.OrdinalIgnoreCase))
            result.Set("dialnumber", value.ToString());
        else if (key.Equals("username", StringComparison.OrdinalIgnoreCase))
            result.Set("username", value.ToString());
        else if (key.Equals("password", StringComparison.OrdinalIgnoreCase))
            result.Set("password", value.ToString());
        else if (key.Equals("stupid mode", StringComparison.OrdinalIgnoreCase))
            result.Skip(key.ToString(), value, "not needed: huaweiwwan starts PPP right after CONNECT, as Stupid Mode does");
        else if (key.Equals("baud", StringComparison.OrdinalIgnoreCase))
            result.Skip(key.ToString(), value, "not needed: USB modem ports ignore the baud rate");
        else if (key.Equals("dial command", StringComparison.OrdinalIgnoreCase))
            result.Skip(key.ToString(), value, "the handler dials with ATD itself");
        else if (key.StartsWith("init", StringComparison.OrdinalIgnoreCase))
            AtInitMapper.Map(key.ToString(), value, result);
        else
            result.Skip(key.ToString(), value, "no huaweiwwan equivalent");
    }
}
