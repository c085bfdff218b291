namespace WwanProto.Fuzz;

/// <summary>An exception a target let out that its table row does not allow, with the smallest input found to raise it.</summary>
public sealed record Escape(string Target, string Kind, byte[] Input, string Message)
{
    /// <summary>Exception type and the frame that threw: escapes with the same key are one bug.</summary>
    public static string KeyOf(Exception e)
    {
        var frame = e.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? "";
        var paren = frame.IndexOf('(');
        return $"{e.GetType().Name} {(paren > 0 ? frame[..paren] : frame)}";
    }

    public override string ToString() =>
        $"{Target}: {Kind}\n  input ({Input.Length} bytes): {Convert.ToHexString(Input)}\n  message: {Message}";
}
