using System.Text;

namespace WwanProto.Fuzz;

/// <summary>
/// Deterministic byte mutations of real inputs: bit flips, interesting bytes and tokens, byte insert and
/// delete, repeats of a chunk (also long ones), splices with another seed, truncation, number swaps.
/// One <see cref="Random"/> seed gives the same input sequence on every run.
/// </summary>
public sealed class Mutator(Random rng, IReadOnlyList<byte[]> corpus, int maxLength = 1 << 16)
{
    private static readonly byte[] InterestingBytes =
        [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0xc0, 0xc3, 0xe2, 0xf0, (byte)'\r', (byte)'\n', (byte)',', (byte)'"', (byte)':',
         (byte)'=', (byte)';', (byte)' ', (byte)'\t', (byte)'\\', (byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)'#',
         (byte)'\'', (byte)'0', (byte)'9', (byte)'-', (byte)'+', (byte)'^', (byte)'.', (byte)'/', (byte)'%'];

    private static readonly byte[][] Tokens = new[]
    {
        "-1", "0", "4294967295", "4294967296", "2147483648", "-2147483649", "99999999999999999999999", "1e308", "NaN",
        "0x", "FFFFFFFF", "\"\"", "\"", ",,", "\r\n", "\r\r\n", "\n\n", "OK\r\n", "ERROR", "+CME ERROR: ", "null", "true",
        "[]", "{}", "[[[[", "{\"a\":", "\\u0000", "\\ud800", "'", "''", "=", "==", "[Dialer ", "[gsm]", "config ", "option ",
        "list ", "package ", "255.255.255.255", "::", "::ffff:1.2.3.4", "1.2.3", "%00", "\u00ff", "\u20ac",
    }.Select(Encoding.UTF8.GetBytes).Concat([[0xff, 0xfe], [0xc3], [0xed, 0xa0, 0x80], [0x80, 0x00, 0x00, 0x04], [0x7f, 0xf8, 0, 0, 0, 0, 0, 0]]).ToArray();

    private static readonly byte[][] Numbers = new[]
    {
        "0", "1", "-1", "255", "256", "65535", "65536", "2147483647", "2147483648", "4294967296", "-2147483648",
        "9223372036854775808", "99999999999999999999", "00000000000", "1.5", "-0",
    }.Select(Encoding.ASCII.GetBytes).ToArray();

    public byte[] Mutate(byte[] input)
    {
        var b = new List<byte>(input);
        var edits = 1 + rng.Next(rng.Next(4) == 0 ? 12 : 4);
        for (var i = 0; i < edits; i++) Edit(b);
        if (b.Count > maxLength) b.RemoveRange(maxLength, b.Count - maxLength);
        return b.ToArray();
    }

    private void Edit(List<byte> b)
    {
        var at = b.Count == 0 ? 0 : rng.Next(b.Count);
        switch (rng.Next(12))
        {
            case 0 when b.Count > 0: b[at] ^= (byte)(1 << rng.Next(8)); break;
            case 1 when b.Count > 0: b[at] = (byte)rng.Next(256); break;
            case 2 when b.Count > 0: b[at] = Pick(InterestingBytes); break;
            case 3: b.Insert(at, rng.Next(2) == 0 ? (byte)rng.Next(256) : Pick(InterestingBytes)); break;
            case 4 when b.Count > 0: b.RemoveRange(at, Math.Min(b.Count - at, 1 + rng.Next(16))); break;
            case 5 when b.Count > 0: Repeat(b, at); break;
            case 6: Splice(b); break;
            case 7 when b.Count > 0: b.RemoveRange(at, b.Count - at); break;
            case 8: b.InsertRange(at, Pick(Tokens)); break;
            case 9: ReplaceNumber(b); break;
            case 10 when b.Count > 1:
                var other = rng.Next(b.Count);
                (b[at], b[other]) = (b[other], b[at]);
                break;
            default:
                if (b.Count > 0) b.RemoveAt(at);
                break;
        }
    }

    /// <summary>A chunk repeated a few times, sometimes hundreds (deep nesting, long lines, many fields).</summary>
    private void Repeat(List<byte> b, int at)
    {
        var len = Math.Min(b.Count - at, 1 + rng.Next(32));
        var chunk = b.GetRange(at, len);
        var times = rng.Next(8) == 0 ? 1 + rng.Next(1000) : 1 + rng.Next(8);
        for (var i = 0; i < times && b.Count < maxLength; i++) b.InsertRange(at, chunk);
    }

    /// <summary>The front of this input and the back of another seed (or a piece of it inserted).</summary>
    private void Splice(List<byte> b)
    {
        var other = corpus[rng.Next(corpus.Count)];
        if (other.Length == 0) return;
        var from = rng.Next(other.Length);
        var len = 1 + rng.Next(other.Length - from);
        var at = b.Count == 0 ? 0 : rng.Next(b.Count + 1);
        if (rng.Next(2) == 0) b.RemoveRange(at, b.Count - at);
        b.InsertRange(at, other.AsSpan(from, len).ToArray());
    }

    /// <summary>Replaces a run of digits with a boundary number (overflow, sign, leading zeros).</summary>
    private void ReplaceNumber(List<byte> b)
    {
        var start = -1;
        for (var tries = 0; tries < 8 && b.Count > 0; tries++)
        {
            var p = rng.Next(b.Count);
            if (b[p] is >= (byte)'0' and <= (byte)'9') { start = p; break; }
        }
        if (start < 0) { b.InsertRange(b.Count == 0 ? 0 : rng.Next(b.Count), Pick(Numbers)); return; }
        while (start > 0 && b[start - 1] is >= (byte)'0' and <= (byte)'9') start--;
        var end = start;
        while (end < b.Count && b[end] is >= (byte)'0' and <= (byte)'9') end++;
        b.RemoveRange(start, end - start);
        b.InsertRange(start, Pick(Numbers));
    }

    private T Pick<T>(T[] items) => items[rng.Next(items.Length)];
}
