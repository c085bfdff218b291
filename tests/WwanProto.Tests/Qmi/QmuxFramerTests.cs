using WwanProto.Core.Qmi;
using Xunit;

namespace WwanProto.Tests.Qmi;

/// <summary>Framing by the QMUX length: one message per read (real cdc-wdm), split and merged (pty), junk, and fuzzed frames.</summary>
public sealed class QmuxFramerTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    // libqmi test-generated.c: the DMS UIM Get PIN Status answer; test-fixture.c: the CTL Allocate CID answer.
    private static readonly byte[] PinAnswer = Hex("01 1F00 80 02 01 02 FFFF 2B00 1300 02 0400 00000000 12 0300 01020A 11 0300 01030A");
    private static readonly byte[] CidAnswer = Hex("01 1700 00 00 00 01 FF 2200 0C00 02 0400 0000 0000 01 0200 02 01");

    private static List<QmiMessage> Feed(QmuxFramer framer, params byte[][] reads)
    {
        var got = new List<QmiMessage>();
        foreach (var r in reads)
        {
            framer.Append(r);
            while (framer.Next(out _) is { } m) got.Add(m);
        }
        return got;
    }

    [Fact]
    public void One_message_per_read()
    {
        var got = Feed(new QmuxFramer(), PinAnswer);
        Assert.Single(got);
        Assert.Equal(QmiService.Dms, got[0].Service);
        Assert.Equal((ushort)0xFFFF, got[0].TransactionId);
    }

    [Fact]
    public void Split_anywhere_and_merged()
    {
        var both = PinAnswer.Concat(CidAnswer).ToArray();
        for (var cut = 1; cut < both.Length; cut++)
        {
            var got = Feed(new QmuxFramer(), both[..cut], both[cut..]);
            Assert.Equal(2, got.Count);
            Assert.Equal(QmiService.Ctl, got[1].Service);
        }
        Assert.Equal(2, Feed(new QmuxFramer(), both).Count);
    }

    [Fact]
    public void Junk_before_a_marker_and_implausible_lengths_are_skipped()
    {
        var framer = new QmuxFramer();
        framer.Append([0x00, 0x7E, 0x01, 0x02, 0x00]); // a stray 0x01 with a length too short for a message
        framer.Append(PinAnswer);
        var m = framer.Next(out var dropped);
        Assert.NotNull(m);
        Assert.NotNull(dropped);
    }

    [Fact]
    public void Mutated_frames_never_throw_past_the_reader()
    {
        // Fuzz-style: flip, drop and insert bytes in recorded answers; framer, parser and every decoder must only
        // ever answer null or drop, never throw. Seeded, so a failure reproduces.
        var seeds = new[] { PinAnswer, CidAnswer,
            Hex("01 1600 80 01 02 04 0100 2200 0A00 01 0200 0100 10 0200 EB03"),
            Hex("01 3A00 80 01 02 02 0200 2D00 2E00 02 0400 00000000 15 0400 0D0C0B0A 1E 0400 5ECC990A 20 0400 5DCC990A 21 0400 FCFFFFFF 29 0400 DC050000 2B 0100 04") };
        var rng = new Random(4242);
        for (var round = 0; round < 20000; round++)
        {
            var b = seeds[rng.Next(seeds.Length)].ToList();
            var edits = 1 + rng.Next(4);
            for (var e = 0; e < edits; e++)
            {
                var at = rng.Next(b.Count);
                switch (rng.Next(3))
                {
                    case 0: b[at] = (byte)rng.Next(256); break;
                    case 1: b.RemoveAt(at); break;
                    default: b.Insert(at, (byte)rng.Next(256)); break;
                }
                if (b.Count == 0) b.Add(1);
            }
            var framer = new QmuxFramer();
            framer.Append(b.ToArray());
            while (framer.Next(out var dropped) is var m && (m is not null || dropped is not null))
                if (m is not null) DecodeEverything(m);
        }
    }

    /// <summary>Every decoder the product calls on an answer or indication: the fuzz project's QMI row (one list of them).</summary>
    private static void DecodeEverything(QmiMessage m) => WwanProto.Fuzz.ReaderTargets.DecodeQmi(m);
}
