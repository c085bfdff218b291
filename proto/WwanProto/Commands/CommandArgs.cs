using System.Globalization;

namespace WwanProto.Commands;

/// <summary>Small argument helpers shared by the standalone verbs.</summary>
internal static class CommandArgs
{
    public static int Seconds(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 3600 ? n
            : throw new UsageException($"{name} '{text}': expected seconds from 1 to 3600");
}
