using System.Text;
using WwanProto.Core.Session;
using Xunit;

namespace WwanProto.Tests.Session;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class RejectedPinStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"pinstore-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Sha256MatchesFipsVectors()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            Convert.ToHexStringLower(Sha256.Hash(Encoding.ASCII.GetBytes("abc"))));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            Convert.ToHexStringLower(Sha256.Hash([])));
        Assert.Equal("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            Convert.ToHexStringLower(Sha256.Hash(Encoding.ASCII.GetBytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))));
        var million = new byte[1_000_000];
        Array.Fill(million, (byte)'a');
        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Convert.ToHexStringLower(Sha256.Hash(million)));
    }

    [Fact]
    public void RemembersPerSimAndPinAcrossInstances()
    {
        new RejectedPinStore(_dir).Remember("iccid:8949000000000000001", "1111");
        var again = new RejectedPinStore(_dir); // a new session, same state dir
        Assert.True(again.WasRejected("iccid:8949000000000000001", "1111"));
        Assert.False(again.WasRejected("iccid:8949000000000000001", "1234")); // the PIN changed: may be tried
        Assert.False(again.WasRejected("iccid:8949000000000000002", "1111")); // another SIM
    }

    [Fact]
    public void FilesAreRootOnlyAndHoldNoPin()
    {
        new RejectedPinStore(_dir).Remember("imei:861234567890123", "4711");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dir));
        foreach (var file in Directory.GetFiles(_dir))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            // Digests and salts are hex, where "4711" turns up by chance; the PIN must not appear outside them.
            var outsideHex = string.Join(" ", File.ReadAllText(file).Split(' ', '\n', '\t', ':', '=', '"', ',')
                .Where(token => !(token.Length >= 16 && token.All(char.IsAsciiHexDigit))));
            Assert.DoesNotContain("4711", outsideHex);
        }
    }
}
