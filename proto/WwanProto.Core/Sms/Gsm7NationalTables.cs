namespace WwanProto.Core.Sms;

/// <summary>
/// The national language shift tables of 3GPP TS 23.038 Annex A that messages name in their user data header
/// (IE 0x25 locking shift, IE 0x24 single shift, §9.2.3.24.15/.16 of TS 23.040): Turkish (1), Spanish (2, single
/// shift only) and Portuguese (3). Other languages (the Indian scripts, 4–13) read with the default tables, so
/// their text shows as the default alphabet would; the header still tells which language it was.
/// </summary>
public static class Gsm7NationalTables
{
    public const int Turkish = 1, Spanish = 2, Portuguese = 3;

    /// <summary>A.3.1 Turkish locking shift: the default alphabet with eight codes changed.</summary>
    private static readonly (int Code, char Char)[] TurkishLockingChanges =
        [(0x04, '€'), (0x07, 'ı'), (0x0B, 'Ğ'), (0x0C, 'ğ'), (0x1C, 'Ş'), (0x1D, 'ş'), (0x40, 'İ'), (0x60, 'ç')];

    /// <summary>A.3.3 Portuguese locking shift, code 0x00–0x7F.</summary>
    private const string PortugueseLocking =
        "@£$¥êéúíóç\nÔô\rÁáΔ_ªÇÀ∞^\\€Ó|\u001bÂâÊÉ !\"#º%&'()*+,-./0123456789:;<=>?" +
        "ÍABCDEFGHIJKLMNOPQRSTUVWXYZÃÕÚÜ§~abcdefghijklmnopqrstuvwxyzãõ`üà";

    /// <summary>A.2.1 Turkish single shift (after the escape).</summary>
    private static readonly (int Code, char Char)[] TurkishSingle =
    [
        (0x0A, '\f'), (0x14, '^'), (0x28, '{'), (0x29, '}'), (0x2F, '\\'), (0x3C, '['), (0x3D, '~'), (0x3E, ']'), (0x40, '|'),
        (0x47, 'Ğ'), (0x49, 'İ'), (0x53, 'Ş'), (0x63, 'ç'), (0x65, '€'), (0x67, 'ğ'), (0x69, 'ı'), (0x73, 'ş'),
    ];

    /// <summary>A.2.2 Spanish single shift.</summary>
    private static readonly (int Code, char Char)[] SpanishSingle =
    [
        (0x09, 'ç'), (0x0A, '\f'), (0x14, '^'), (0x28, '{'), (0x29, '}'), (0x2F, '\\'), (0x3C, '['), (0x3D, '~'), (0x3E, ']'),
        (0x40, '|'), (0x41, 'Á'), (0x49, 'Í'), (0x4F, 'Ó'), (0x55, 'Ú'), (0x61, 'á'), (0x65, '€'), (0x69, 'í'), (0x6F, 'ó'), (0x75, 'ú'),
    ];

    /// <summary>A.2.3 Portuguese single shift.</summary>
    private static readonly (int Code, char Char)[] PortugueseSingle =
    [
        (0x05, 'ê'), (0x09, 'ç'), (0x0A, '\f'), (0x0B, 'Ô'), (0x0C, 'ô'), (0x0E, 'Á'), (0x0F, 'á'), (0x12, 'Φ'), (0x13, 'Γ'), (0x14, '^'),
        (0x15, 'Ω'), (0x16, 'Π'), (0x17, 'Ψ'), (0x18, 'Σ'), (0x19, 'Θ'), (0x1F, 'Ê'), (0x28, '{'), (0x29, '}'), (0x2F, '\\'), (0x3C, '['),
        (0x3D, '~'), (0x3E, ']'), (0x40, '|'), (0x41, 'À'), (0x49, 'Í'), (0x4F, 'Ó'), (0x55, 'Ú'), (0x5B, 'Ã'), (0x5C, 'Õ'), (0x61, 'Â'),
        (0x65, '€'), (0x69, 'í'), (0x6F, 'ó'), (0x75, 'ú'), (0x7B, 'ã'), (0x7C, 'õ'), (0x7F, 'â'),
    ];

    /// <summary>The character for <paramref name="code"/> in the locking shift table of <paramref name="language"/>; null: the default table's.</summary>
    public static char? Locking(int language, int code) => language switch
    {
        Turkish => Find(TurkishLockingChanges, code),
        Portuguese => PortugueseLocking[code & 0x7F],
        _ => null,
    };

    /// <summary>The character after an escape in the single shift table of <paramref name="language"/>; null: none there (or not known here).</summary>
    public static char? Single(int language, int code) => language switch
    {
        Turkish => Find(TurkishSingle, code),
        Spanish => Find(SpanishSingle, code),
        Portuguese => Find(PortugueseSingle, code),
        _ => null,
    };

    /// <summary>Whether this reader has the language's single shift table (else the default extension table applies).</summary>
    public static bool HasSingle(int language) => language is Turkish or Spanish or Portuguese;

    private static char? Find((int Code, char Char)[] table, int code)
    {
        foreach (var (c, ch) in table)
            if (c == code) return ch;
        return null;
    }
}
