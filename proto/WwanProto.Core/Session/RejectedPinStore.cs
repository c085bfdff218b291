using System.Text;
using WwanProto.Core.Native;

namespace WwanProto.Core.Session;

/// <summary>
/// Remembers PINs a SIM rejected, so a wrong PIN in the config costs one attempt, not three.
/// Each entry is SHA-256(salt, SIM identity, PIN) in hex, one a line, in &lt;StateDir&gt;/rejected-pins;
/// the salt is 32 random bytes made once per install (&lt;StateDir&gt;/pin-salt). Files 0600, dir 0700:
/// the hashes of 4-digit PINs could be brute-forced by anyone who can read them.
/// Changing the configured PIN (or the SIM) gives another hash, so the new value is tried again.
/// </summary>
public sealed class RejectedPinStore(string stateDir)
{
    private const string FileName = "rejected-pins";
    private const string SaltName = "pin-salt";

    private string FilePath => Path.Combine(stateDir, FileName);

    public bool WasRejected(string simIdentity, string pin)
    {
        if (!File.Exists(FilePath)) return false;
        var entry = Entry(simIdentity, pin);
        foreach (var line in File.ReadAllLines(FilePath))
            if (string.Equals(line.Trim(), entry, StringComparison.Ordinal)) return true;
        return false;
    }

    public void Remember(string simIdentity, string pin)
    {
        if (WasRejected(simIdentity, pin)) return;
        EnsureDir();
        WritePrivate(FilePath, Entry(simIdentity, pin) + "\n", append: true);
    }

    /// <summary>
    /// Takes an entry back: a PIN sent to a modem that cannot report its counters is remembered before it goes out
    /// (a kill between sending and reading the answer must not lead to a second try), and forgotten once accepted.
    /// </summary>
    public void Forget(string simIdentity, string pin)
    {
        if (!File.Exists(FilePath)) return;
        var entry = Entry(simIdentity, pin);
        var kept = File.ReadAllLines(FilePath).Where(l => l.Trim().Length > 0 && !string.Equals(l.Trim(), entry, StringComparison.Ordinal)).ToList();
        AtomicFile.Write(FilePath, string.Concat(kept.Select(l => l.Trim() + "\n")), 0x180); // 0600
    }

    private string Entry(string simIdentity, string pin)
    {
        var salt = Salt();
        var material = new byte[salt.Length + Encoding.UTF8.GetByteCount(simIdentity) + 1 + pin.Length];
        salt.CopyTo(material, 0);
        var at = salt.Length + Encoding.UTF8.GetBytes(simIdentity, material.AsSpan(salt.Length));
        material[at++] = 0;
        Encoding.ASCII.GetBytes(pin, material.AsSpan(at));
        var hash = Sha256.Hash(material);
        Array.Clear(material);
        return Convert.ToHexStringLower(hash);
    }

    private byte[] Salt()
    {
        var path = Path.Combine(stateDir, SaltName);
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path).Trim();
            if (text.Length == 64) return Convert.FromHexString(text);
        }
        EnsureDir();
        var salt = new byte[32];
        using (var random = File.OpenRead("/dev/urandom")) random.ReadExactly(salt);
        WritePrivate(path, Convert.ToHexStringLower(salt) + "\n", append: false);
        return salt;
    }

    private void EnsureDir() => StateDirectory.Ensure(stateDir);

    /// <summary>Creates the file 0600 before anything is written into it (no window with wider rights).</summary>
    private static void WritePrivate(string path, string text, bool append)
    {
        var flags = Libc.O_WRONLY | Libc.O_CREAT | (append ? Libc.O_APPEND : Libc.O_TRUNC);
        using var fd = UnixFd.Open(path, flags, 0x180); // 0600
        Libc.Chmod(path, 0x180);
        fd.WriteAll(Encoding.ASCII.GetBytes(text));
        Libc.Fsync(fd.Value);
    }
}
