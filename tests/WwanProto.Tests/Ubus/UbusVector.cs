using Xunit;
namespace WwanProto.Tests.Ubus;

/// <summary>One recorded transcript from Ubus/Vectors (copied from reference/ubus-vectors): command, exit code, frames.</summary>
public sealed record UbusVector(string Name, string Command, int Exit, IReadOnlyList<(bool Sent, byte[] Frame)> Frames)
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Ubus", "Vectors");

    public static UbusVector Load(string name)
    {
        string command = "";
        var exit = -1;
        var frames = new List<(bool, byte[])>();
        foreach (var line in File.ReadAllLines(Path.Combine(Dir, name)))
        {
            if (line.StartsWith("# command: ", StringComparison.Ordinal)) command = line["# command: ".Length..];
            else if (line.StartsWith("# exit: ", StringComparison.Ordinal)) exit = int.Parse(line["# exit: ".Length..]);
            else if (line.StartsWith("< ", StringComparison.Ordinal) || line.StartsWith("> ", StringComparison.Ordinal))
                frames.Add((line[0] == '>', Convert.FromHexString(line[2..].Trim())));
        }
        return new UbusVector(name, command, exit, frames);
    }

    /// <summary>"ubus call PATH METHOD JSON" → its parts.</summary>
    public (string Path, string Method, string? Json) Call
    {
        get
        {
            var parts = Command.Split(' ', 5);
            return (parts[2], parts[3], parts.Length > 4 ? parts[4] : null);
        }
    }

    public static IEnumerable<object[]> CallVectors() =>
        new[] { "add-dynamic.txt", "notify-error.txt", "notify-runcmd-missing-iface.txt", "notify-update.txt", "status.txt" }
            .Select(n => new object[] { n });
}
