namespace WwanProto.Uci;

public sealed partial class UciContext
{
    /// <summary>uci_lookup_ptr: parse "pkg.sec.opt=value", load the package if needed, resolve what exists.</summary>
    public UciPtr LookupPtr(string str, bool extended = true)
    {
        var ptr = UciPtr.Parse(str);
        LookupPtr(ptr, extended);
        return ptr;
    }

    public void LookupPtr(UciPtr ptr, bool extended)
    {
        ptr.Flags |= UciLookup.Done;
        var p = ptr.P ?? FindLoaded(ptr.Package!);
        ptr.P = p ?? Load(ptr.Package!);

        if (ptr.Section is null && ptr.S is null)
        {
            ptr.Flags |= UciLookup.Complete;
            return;
        }

        UciSection? s;
        if (ptr.S is not null)
            s = ptr.S;
        else if ((ptr.Flags & UciLookup.Extended) != 0)
            s = extended ? LookupExtSection(ptr) : throw new UciException(UciError.Invalid);
        else
            s = ptr.P.FindSection(ptr.Section!);
        if (s is null)
            return;
        ptr.S = s;

        if (ptr.Option is not null)
        {
            var o = s.FindOption(ptr.Option);
            if (o is null)
                return;
            ptr.O = o;
        }
        ptr.Flags |= UciLookup.Complete;
    }

    /// <summary>@type[i] / @type[-i] / @[i]: the i-th section (of that type), counted from the end when negative.</summary>
    private UciSection? LookupExtSection(UciPtr ptr)
    {
        var section = ptr.Section!;
        UciException Bad()
        {
            ptr.Package = ptr.Section = ptr.Option = ptr.Value = null;
            ptr.P = null;
            ptr.S = null;
            ptr.O = null;
            ptr.Flags = UciLookup.None;
            return new UciException(UciError.Invalid);
        }
        if (section.Length == 0 || section[0] != '@')
            throw Bad();
        int open = section.IndexOf('[', 1);
        if (open < 0)
            throw Bad();
        string? name = section[1..open];
        int close = section.IndexOf(']', open + 1);
        if (close < 0 || close != section.Length - 1)
            throw Bad();
        if (!CNumbers.StrToL(section[(open + 1)..close], out long lidx))
            throw Bad();
        int idx = unchecked((int)lidx);
        if (name.Length == 0)
            name = null;
        else if (!UciNames.IsValidType(name))
            throw Bad();

        var sections = ptr.P!.Sections;
        if (idx < 0)
        {
            int c = 0;
            foreach (var s in sections)
                if (name is null || s.Type == name)
                    c++;
            idx += c;
        }
        int n = 0;
        foreach (var s in sections)
        {
            if (name is not null && s.Type != name)
                continue;
            if (idx == n)
            {
                ptr.Section = s.Name;
                return s;
            }
            n++;
        }
        return null;
    }

    /// <summary>uci_expand_ptr: look up if not done, optionally insist it exists, fill in missing names.</summary>
    internal void ExpandPtr(UciPtr ptr, bool complete)
    {
        if ((ptr.Flags & UciLookup.Done) == 0)
            LookupPtr(ptr, true);
        if (complete && !ptr.IsComplete)
            throw new UciException(UciError.NotFound);
        if (ptr.P is null)
            throw new UciException(UciError.Invalid);
        ptr.Package ??= ptr.P.Name;
        if (ptr.S is not null)
            ptr.Section ??= ptr.S.Name;
        if (ptr.O is not null)
            ptr.Option ??= ptr.O.Name;
    }
}
