namespace WwanProto.Core.Sms;

/// <summary>
/// TP-SCTS / TP-DT (3GPP TS 23.040 §9.2.3.11): seven swapped-BCD octets, year to second, then the zone in
/// quarter hours with its sign in bit 3 of the (unswapped) octet.
/// </summary>
public static class SmsTimestamp
{
    public const int Length = 7;

    public static DateTimeOffset? Decode(ReadOnlySpan<byte> octets)
    {
        if (octets.Length < Length) return null;
        int Bcd(byte b) => (b & 0x0F) * 10 + (b >> 4);
        for (var i = 0; i < 6; i++)
            if ((octets[i] & 0x0F) > 9 || octets[i] >> 4 > 9) return null;
        var zone = octets[6];
        var quarters = (zone & 0x07) * 10 + (zone >> 4);
        var offset = TimeSpan.FromMinutes(15 * quarters * ((zone & 0x08) != 0 ? -1 : 1));
        try
        {
            return new DateTimeOffset(2000 + Bcd(octets[0]), Bcd(octets[1]), Bcd(octets[2]), Bcd(octets[3]), Bcd(octets[4]), Bcd(octets[5]), offset);
        }
        catch (ArgumentException)
        {
            return null; // month 13, a zone beyond ±14 h: not a time
        }
    }

    public static byte[] Encode(DateTimeOffset time)
    {
        static byte Swap(int value) => (byte)((value % 10) << 4 | (value / 10 % 10));
        var quarters = (int)Math.Abs(time.Offset.TotalMinutes) / 15;
        var zone = (byte)((quarters % 10) << 4 | (quarters / 10 & 0x07) | (time.Offset < TimeSpan.Zero ? 0x08 : 0));
        return [Swap(time.Year % 100), Swap(time.Month), Swap(time.Day), Swap(time.Hour), Swap(time.Minute), Swap(time.Second), zone];
    }
}
