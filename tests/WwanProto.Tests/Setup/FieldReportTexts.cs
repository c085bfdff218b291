using WwanProto.Tests.Uci;

namespace WwanProto.Tests.Setup;

/// <summary>The dialer configurations quoted in shared/reference/field-reports.md, taken from the file itself.</summary>
internal static class FieldReportTexts
{
    private static string Reports() => File.ReadAllText(Path.Combine(UciTestPaths.Shared(), "reference", "field-reports.md"));

    /// <summary>The NetworkManager keyfile of report 3, exactly as quoted (code block, indentation removed).</summary>
    public static string NetworkManagerKeyfile()
    {
        var lines = Reports().Split('\n');
        int start = Array.FindIndex(lines, l => l.Contains("NetworkManager keyfile used", StringComparison.Ordinal));
        int open = Array.FindIndex(lines, start, l => l.Trim() == "```");
        int close = Array.FindIndex(lines, open + 1, l => l.Trim() == "```");
        return string.Join('\n', lines[(open + 1)..close].Select(l => l.Trim())) + "\n";
    }

    /// <summary>The variant keyfile mentioned after it: `apn=soracom.io`, `number=99**1#`, `password-flags=1`.</summary>
    public static string NetworkManagerVariant()
    {
        var text = Reports();
        int at = text.IndexOf("(another: ", StringComparison.Ordinal);
        var settings = Backticked(text[at..text.IndexOf(')', at)]);
        return "[connection]\ntype=gsm\n[gsm]\n" + string.Join('\n', settings) + "\n";
    }

    /// <summary>
    /// The wvdial settings of a report ("wvdial used: `Modem = ...`, ..." in report 3, "wvdial: `Init1 = ATZ`, ..."
    /// in report 5) as a wvdial.conf: every backticked "Key = value" of that bullet, under [Dialer Defaults].
    /// </summary>
    public static string WvdialConf(string bulletStart)
    {
        var text = Reports();
        int at = text.IndexOf(bulletStart, StringComparison.Ordinal);
        int end = text.IndexOf("\n- ", at + 1, StringComparison.Ordinal);
        var settings = Backticked(text[at..end]).Where(s => s.Contains(" = ", StringComparison.Ordinal));
        return "[Dialer Defaults]\n" + string.Join('\n', settings) + "\n";
    }

    private static List<string> Backticked(string text)
    {
        var items = new List<string>();
        for (int i = text.IndexOf('`'); i >= 0; i = text.IndexOf('`', i + 1))
        {
            int j = text.IndexOf('`', i + 1);
            if (j < 0)
                break;
            items.Add(text[(i + 1)..j]);
            i = j;
        }
        return items;
    }
}
