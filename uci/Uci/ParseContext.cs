namespace WwanProto.Uci;

/// <summary>
/// libuci's parse context: one growing NUL-terminated line buffer that quoted strings and backslash
/// continuations extend, a read position, and the line counter and reason used in parse errors.
/// Tokens are decoded in place, exactly like libuci, so reported byte offsets match.
/// </summary>
internal sealed class ParseContext
{
    public string? Reason;
    public int Line;
    public int Byte;

    public UciPackage? Package;
    public UciSection? Section;
    public bool Merge;
    public ByteInput? File;
    public string? Name;

    public byte[] Buf = new byte[32];
    public int Filled;
    public int Pos;

    public byte At(int i) => i < Buf.Length ? Buf[i] : (byte)0;
    public byte Cur => At(Pos);

    private void Ensure(int size)
    {
        if (size > Buf.Length)
            Array.Resize(ref Buf, Math.Max(size, Buf.Length * 2));
    }

    /// <summary>The NUL-terminated string at offset i.</summary>
    public string Str(int i)
    {
        int end = i;
        while (At(end) != 0)
            end++;
        return i >= Buf.Length ? "" : System.Text.Encoding.Latin1.GetString(Buf, i, end - i);
    }

    public UciException Error(string reason)
    {
        Reason = reason;
        Byte = Pos;
        return new UciException(UciError.Parse);
    }

    /// <summary>uci_getln: append the next input line at offset (the line counter counts '\n' seen).</summary>
    public void GetLine(int offset)
    {
        int ofs = offset;
        Ensure(ofs + 1);
        Buf[ofs] = 0;
        while (true)
        {
            var chunk = File!.ReadLine();
            if (chunk.Count == 0 || chunk[0] == 0)
                return;
            int len = chunk.IndexOf(0);
            if (len < 0)
                len = chunk.Count;
            Ensure(ofs + len + 3);
            for (int i = 0; i < len; i++)
                Buf[ofs + i] = chunk[i];
            ofs += len;
            Buf[ofs] = 0;
            Filled = ofs;
            if (Buf[ofs - 1] == '\n')
            {
                Line++;
                return;
            }
            if (File.Eof)
                return;
        }
    }

    /// <summary>After a backslash: a line end continues on the next line (false), anything else is taken literally.</summary>
    private bool ParseBackslash()
    {
        Pos++;
        if (Cur == 0 || Cur == '\n' || (Cur == '\r' && At(Pos + 1) == '\n' && At(Pos + 2) == 0))
        {
            GetLine(Pos);
            return false;
        }
        return true;
    }

    public void SkipWhitespace()
    {
        while (Cur != 0 && UciText.IsSpace(Cur))
            Pos++;
    }

    private void AddChar(ref int target)
    {
        Buf[target++] = Buf[Pos++];
    }

    private void ParseDoubleQuote(ref int target)
    {
        Pos++;
        while (true)
        {
            switch (Cur)
            {
                case (byte)'"':
                    Pos++;
                    return;
                case 0:
                    GetLine(Pos);
                    if (Cur == 0)
                        throw Error("EOF with unterminated \"");
                    break;
                case (byte)'\\':
                    if (!ParseBackslash())
                        continue;
                    AddChar(ref target);
                    break;
                default:
                    AddChar(ref target);
                    break;
            }
        }
    }

    private void ParseSingleQuote(ref int target)
    {
        Pos++;
        while (true)
        {
            switch (Cur)
            {
                case (byte)'\'':
                    Pos++;
                    return;
                case 0:
                    GetLine(Pos);
                    if (Cur == 0)
                        throw Error("EOF with unterminated '");
                    break;
                default:
                    AddChar(ref target);
                    break;
            }
        }
    }

    /// <summary>parse_str: one argument in any mix of quoting styles, decoded in place at target.</summary>
    private void ParseStr(ref int target)
    {
        bool next = true;
        do
        {
            switch (Cur)
            {
                case (byte)'\'':
                    ParseSingleQuote(ref target);
                    break;
                case (byte)'"':
                    ParseDoubleQuote(ref target);
                    break;
                case (byte)'#':
                    Buf[Pos] = 0;
                    goto done;
                case 0:
                    goto done;
                case (byte)';':
                    next = false;
                    goto done;
                case (byte)'\\':
                    if (!ParseBackslash())
                        continue;
                    AddChar(ref target);
                    break;
                default:
                    AddChar(ref target);
                    break;
            }
        } while (Cur != 0 && !UciText.IsSpace(Cur));
    done:
        if (Cur != 0 && next)
            Pos++;
        Ensure(target + 1);
        Buf[target] = 0;
    }

    /// <summary>next_arg: the offset of the next decoded argument (empty string at end of command).</summary>
    public int NextArg(bool required, bool name, bool package)
    {
        SkipWhitespace();
        int val = Pos, ptr = Pos;
        if (Cur == ';')
        {
            Buf[Pos] = 0;
            Pos++;
        }
        else
        {
            ParseStr(ref ptr);
        }
        if (At(val) == 0)
        {
            if (required)
                throw Error("insufficient arguments");
            return val;
        }
        if (name && !UciNames.ValidateStr(Str(val), name, package))
            throw Error("invalid character in name field");
        return val;
    }

    /// <summary>assert_eol: anything left on the command is an error in strict mode (and is consumed otherwise).</summary>
    public void AssertEol(bool strict)
    {
        SkipWhitespace();
        int t = NextArg(false, false, false);
        if (At(t) != 0 && strict)
            throw Error("too many arguments");
    }

    /// <summary>uci_increase_pos: false when it would run past the filled part of the buffer.</summary>
    public bool IncreasePos(int add)
    {
        if (Pos + add > Filled)
            return false;
        Pos += add;
        return true;
    }

    /// <summary>strtok(cur, " \t"): offset of the next word (NUL-terminated in place), or -1.</summary>
    public int Strtok(int start)
    {
        int i = start;
        while (At(i) == ' ' || At(i) == '\t')
            i++;
        if (At(i) == 0)
            return -1;
        int w = i;
        while (At(i) != 0 && At(i) != ' ' && At(i) != '\t')
            i++;
        if (At(i) != 0)
            Buf[i] = 0;
        return w;
    }

    public int StrLen(int i)
    {
        int n = 0;
        while (At(i + n) != 0)
            n++;
        return n;
    }
}
