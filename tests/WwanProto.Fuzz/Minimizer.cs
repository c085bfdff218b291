namespace WwanProto.Fuzz;

/// <summary>Shrinks an escaping input by dropping ever smaller chunks while the same escape (type and frame) still happens.</summary>
public static class Minimizer
{
    private const int Budget = 20000;

    public static Escape Minimize(FuzzTarget target, string key, byte[] input, Exception first)
    {
        var runs = 0;
        bool Escapes(byte[] candidate)
        {
            runs++;
            try { target.Run(candidate); return false; }
            catch (Exception e) { return !target.IsAllowed(e) && Escape.KeyOf(e) == key; }
        }

        var current = input;
        for (var chunk = Math.Max(1, current.Length / 2); chunk >= 1 && runs < Budget; chunk /= 2)
        {
            for (var at = 0; at < current.Length && runs < Budget;)
            {
                var len = Math.Min(chunk, current.Length - at);
                var candidate = new byte[current.Length - len];
                current.AsSpan(0, at).CopyTo(candidate);
                current.AsSpan(at + len).CopyTo(candidate.AsSpan(at));
                if (Escapes(candidate)) current = candidate;
                else at += len;
            }
        }
        return new Escape(target.Name, key, current, $"{first.GetType().Name}: {first.Message}");
    }
}
