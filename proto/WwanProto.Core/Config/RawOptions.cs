namespace WwanProto.Core.Config;

/// <summary>
/// An option value as it arrives, before typing: UCI gives strings and lists; netifd's JSON gives
/// strings, numbers, booleans and arrays, which the JSON reader turns into the same strings UCI would hold
/// (true → "1", 5 → "5").
/// </summary>
public sealed record RawValue(string? Scalar, IReadOnlyList<string>? List)
{
    public static RawValue Of(string value) => new(value, null);
    public static RawValue OfList(IReadOnlyList<string> values) => new(null, values);
    public bool IsList => List is not null;
    public override string ToString() => Scalar ?? string.Join(' ', List ?? []);
}

/// <summary>One problem with one option: names the option and (unless secret) the value.</summary>
public sealed record ConfigError(string Option, string? Value, string Message)
{
    /// <summary>The netifd error code: INVALID_&lt;OPTION&gt; (e.g. INVALID_APN), or UNKNOWN_OPTION.</summary>
    public string Code { get; init; } = "INVALID_" + Option.ToUpperInvariant();

    public override string ToString() =>
        Value is null ? $"option '{Option}': {Message}" : $"option '{Option}' = '{Value}': {Message}";
}
