using WwanProto.Uci;

namespace WwanProto.Core.Setup;

/// <summary>Pending changes of a package as `uci batch` commands (secret values masked).</summary>
public static class UciBatchLines
{
    public static IEnumerable<string> Of(UciPackage p)
    {
        foreach (var h in p.PendingChanges)
        {
            var target = UciText.ToUnicode(p.Name + "." + h.Section + (h.Option is null ? "" : "." + h.Option));
            string Value() => h.Option is not null && SecretMask.IsSecret(UciText.ToUnicode(h.Option))
                ? "'" + SecretMask.Masked + "'" : UciText.ToUnicode(UciText.Quote(h.Value ?? ""));
            yield return h.Command switch
            {
                UciDeltaCommand.Remove => "delete " + target + (h.Value is null ? "" : "=" + Value()),
                UciDeltaCommand.ListAdd => "add_list " + target + "=" + Value(),
                UciDeltaCommand.ListDel => "del_list " + target + "=" + Value(),
                UciDeltaCommand.Rename => "rename " + target + "=" + Value(),
                UciDeltaCommand.Reorder => "reorder " + target + "=" + Value(),
                _ => "set " + target + "=" + Value(),
            };
        }
    }
}
