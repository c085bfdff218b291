namespace WwanProto.Uci;

/// <summary>
/// The model edits (libuci list.c). record=false is libuci's "internal" mode, used while replaying files
/// and change files: the edit is applied without being recorded as a new change.
/// </summary>
public sealed partial class UciContext
{
    private static void Record(UciPackage p, bool record, UciDeltaCommand cmd, string section, string? option, string? value)
    {
        if (record && p.HasDelta)
            p.Delta.Add(new UciDelta(cmd, section, option, value));
    }

    private static UciSection AllocSection(UciPackage p, string type, string? name, int index)
    {
        var s = new UciSection(p, name ?? "", type, name is null);
        p.SectionCounter++;
        if (index < 0)
            p.Sections.Add(s);
        else
            p.Sections.Insert(index, s);
        return s;
    }

    /// <summary>uci_add_section: a new anonymous section at the end, named cfgXXhhhh.</summary>
    public UciSection AddSection(UciPackage p, string type, bool record = true)
    {
        var s = AllocSection(p, type, null, -1);
        s.Name = UciNames.Generated(s);
        Record(p, record, UciDeltaCommand.Add, s.Name, null, type);
        return s;
    }

    /// <summary>uci_set: create or update a section (value = type) or an option; an empty value deletes.</summary>
    public void Set(UciPtr ptr, bool record = true)
    {
        ExpandPtr(ptr, false);
        if (ptr.Value is null)
            throw new UciException(UciError.Invalid);
        if (ptr.S is null && !(ptr.Option is null && ptr.Section is not null))
            throw new UciException(UciError.Invalid);
        if (ptr.Option is null && ptr.Value.Length > 0 && !UciNames.IsValidType(ptr.Value))
            throw new UciException(UciError.Invalid);

        if (ptr.O is null && ptr.S is not null && ptr.Option is not null)
            ptr.O = ptr.S.FindOption(ptr.Option);

        var p = ptr.P!;
        if (ptr.Value.Length == 0)
        {
            if (!ptr.IsComplete)
                return;
            Delete(ptr, record);
            return;
        }
        if (ptr.O is null && ptr.Option is not null)
        {
            ptr.O = new UciOption(ptr.S!, ptr.Option, ptr.Value);
            ptr.S!.Options.Add(ptr.O);
        }
        else if (ptr.S is null && ptr.Section is not null)
        {
            ptr.S = AllocSection(p, ptr.Value, ptr.Section, -1);
        }
        else if (ptr.O is not null && ptr.Option is not null)
        {
            if (!ptr.O.IsList && ptr.O.Value == ptr.Value)
                return;
            // libuci reallocates the option in place: same position, now a plain string.
            ptr.O.Items = null;
            ptr.O.Value = ptr.Value;
        }
        else if (ptr.S is not null && ptr.Section is not null)
        {
            if (ptr.S.Type == ptr.Value)
                return;
            // A type of another length makes libuci reallocate the section under its current name,
            // which leaves it no longer anonymous.
            if (ptr.S.Type.Length != ptr.Value.Length)
                ptr.S.Anonymous = false;
            ptr.S.Type = ptr.Value;
        }
        else
        {
            throw new UciException(UciError.Invalid);
        }
        Record(p, record, UciDeltaCommand.Change, ptr.Section!, ptr.Option, ptr.Value);
    }

    /// <summary>uci_delete: remove a section or option; with a numeric value, remove that index of a list.</summary>
    public int Delete(UciPtr ptr, bool record = true)
    {
        ExpandPtr(ptr, true);
        var p = ptr.P!;
        if (ptr.S is null)
            throw new UciException(UciError.Invalid);

        if (ptr.O is not null && ptr.O.IsList && !string.IsNullOrEmpty(ptr.Value))
        {
            if (CNumbers.ScanInt(ptr.Value, out int index) == 0)
                return 1;
            var items = ptr.O.Items!;
            if (index >= 0 && index < items.Count)
            {
                Record(p, record, UciDeltaCommand.Remove, ptr.Section!, ptr.Option, ptr.Value);
                items.RemoveAt(index);
            }
            return 0;
        }

        Record(p, record, UciDeltaCommand.Remove, ptr.Section!, ptr.Option, null);
        if (ptr.O is not null)
        {
            ptr.S.Options.Remove(ptr.O);
            ptr.O = null;
        }
        else
        {
            p.Sections.Remove(ptr.S);
            ptr.S = null;
        }
        return 0;
    }

    /// <summary>uci_rename: new name for a section or option (a renamed section is no longer anonymous).</summary>
    public void Rename(UciPtr ptr, bool record = true)
    {
        ExpandPtr(ptr, true);
        if (ptr.S is null || ptr.Value is null)
            throw new UciException(UciError.Invalid);
        Record(ptr.P!, record, UciDeltaCommand.Rename, ptr.Section!, ptr.Option, ptr.Value);
        if (ptr.O is not null)
        {
            ptr.O.Name = ptr.Value;
        }
        else
        {
            ptr.S.Name = ptr.Value;
            ptr.S.Anonymous = false;
        }
    }

    /// <summary>uci_reorder_section: move to position pos (clamped); recorded only if it moved.</summary>
    public void ReorderSection(UciSection s, int pos, bool record = true)
    {
        var list = s.Package.Sections;
        int old = list.IndexOf(s);
        list.RemoveAt(old);
        int idx = pos <= 0 ? 0 : Math.Min(pos, list.Count);
        list.Insert(idx, s);
        if (idx != old)
            Record(s.Package, record, UciDeltaCommand.Reorder, s.Name, null, pos.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>uci_add_list: append to a list, turning a plain option into a list first.</summary>
    public void AddList(UciPtr ptr, bool record = true)
    {
        ExpandPtr(ptr, false);
        if (ptr.S is null || ptr.Value is null)
            throw new UciException(UciError.Invalid);
        // libuci would create a list without a name here; refuse instead.
        if (ptr.Option is null)
            throw new UciException(UciError.Invalid);
        if (ptr.O is null)
        {
            ptr.O = new UciOption(ptr.S, ptr.Option, new List<string>());
            ptr.S.Options.Add(ptr.O);
        }
        else if (!ptr.O.IsList)
        {
            ptr.O.Items = [ptr.O.Value!];
            ptr.O.Value = null;
        }
        ptr.O.Items!.Add(ptr.Value);
        Record(ptr.P!, record, UciDeltaCommand.ListAdd, ptr.Section!, ptr.Option, ptr.Value);
    }

    /// <summary>uci_del_list: remove every item equal to the value (recorded even if none matched).</summary>
    public void DelList(UciPtr ptr, bool record = true)
    {
        ExpandPtr(ptr, false);
        if (ptr.S is null || ptr.Value is null)
            throw new UciException(UciError.Invalid);
        if (ptr.O is null || ptr.Option is null || !ptr.O.IsList)
            return;
        Record(ptr.P!, record, UciDeltaCommand.ListDel, ptr.Section!, ptr.Option, ptr.Value);
        ptr.O.Items!.RemoveAll(i => i == ptr.Value);
    }
}
