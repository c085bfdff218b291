using System.Text;

namespace WwanProto.Fuzz;

/// <summary>
/// Real inputs to mutate, from Seeds/&lt;set&gt;/ (copied next to the binary): a file is one
/// input, except *.lines (every non-empty line is one input), *.hex (every line not starting with '#' is one
/// input in hex) and *.ubus (the frames of a recorded ubusd transcript, lines "&lt; HEX" / "&gt; HEX").
/// </summary>
public static class SeedCorpus
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Seeds");

    public static IReadOnlyList<byte[]> Load(FuzzTarget target)
    {
        var dir = Path.Combine(Root, target.Seeds);
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"no seed folder {dir} for fuzz target {target.Name}");
        var inputs = new List<byte[]>();
        foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
            inputs.AddRange(Read(file));
        if (target.SeedMap is { } map) inputs = inputs.Select(map).ToList();
        if (inputs.Count == 0) throw new InvalidDataException($"seed folder {dir} holds no inputs");
        return inputs;
    }

    private static IEnumerable<byte[]> Read(string file) => Path.GetExtension(file) switch
    {
        ".lines" => File.ReadAllLines(file).Where(l => l.Length > 0).Select(Encoding.UTF8.GetBytes),
        ".hex" => File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => Convert.FromHexString(l.Replace(" ", ""))),
        ".ubus" => File.ReadAllLines(file).Where(l => l.StartsWith("< ", StringComparison.Ordinal) || l.StartsWith("> ", StringComparison.Ordinal))
            .Select(l => Convert.FromHexString(l[2..].Trim())),
        _ => [File.ReadAllBytes(file)],
    };
}
