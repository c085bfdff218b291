namespace WwanProto.Fuzz;

/// <summary>
/// One parser under fuzz: its name, the seed set its inputs are mutated from (a folder under Seeds/),
/// the exception types it documents for bad input (empty: it answers null/false/an error value and never
/// throws), and the call that feeds it one input. Anything else thrown is an escape.
/// </summary>
public sealed record FuzzTarget(string Name, string Seeds, Type[] Allowed, Action<byte[]> Run)
{
    /// <summary>Optional reshaping of each seed file's inputs (e.g. a ubus frame without its 12-byte header).</summary>
    public Func<byte[], byte[]>? SeedMap { get; init; }

    /// <summary>What goes between seeds when the linearity probe glues them into one large input.</summary>
    public byte[] Separator { get; init; } = "\n"u8.ToArray();

    public bool IsAllowed(Exception e) => Allowed.Any(t => t.IsInstanceOfType(e));
}
