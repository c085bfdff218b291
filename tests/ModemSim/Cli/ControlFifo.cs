using System.Globalization;

namespace WwanProto.ModemSim.Cli;

/// <summary>
/// A FIFO the simulator reads command lines from (echo "drop 36" &gt; FIFO): see <see cref="Usage"/>.
/// </summary>
public sealed class ControlFifo : IDisposable
{
    public const string Usage = "drop [cause] | reset [seconds] [storage] | deregister [stat] [drop] | register [stat] | "
        + "registration home|roaming|denied|searching | ndisreject <cause> | mute <seconds> | dhcperror on|off | "
        + "sms <from> <text> | sms16 <from> <text> | smsfail <cms>|off | smsc none|<number> | smsfill SM|ME <n> | "
        + "smscapacity SM|ME <n> | ussd <code> <mode> <text> | quit";

    private readonly string _path;
    private readonly SimulatedModem _modem;
    private readonly Action _quit;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public ControlFifo(string path, SimulatedModem modem, Action quit)
    {
        _path = path;
        _modem = modem;
        _quit = quit;
        if (File.Exists(path)) File.Delete(path);
        Net.IpCommand.Exec("mkfifo", "-m", "0600", path);
        _thread = new Thread(Loop) { IsBackground = true, Name = "sim-control" };
        _thread.Start();
    }

    private void Loop()
    {
        while (!_stopping)
        {
            try
            {
                using var reader = new StreamReader(_path);
                string? line;
                while ((line = reader.ReadLine()) is not null)
                    Handle(line.Trim());
            }
            catch (IOException) when (!_stopping) { Thread.Sleep(100); }
            catch (IOException) { return; }
        }
    }

    private void Handle(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return;
        try
        {
            switch (words[0])
            {
                case "drop":
                    _modem.DropNetwork(words.Length > 1 ? int.Parse(words[1], CultureInfo.InvariantCulture) : 0);
                    break;
                case "reset":
                    var seconds = words.Length > 1 ? double.Parse(words[1], CultureInfo.InvariantCulture) : 1;
                    _ = _modem.ResetAsync(TimeSpan.FromSeconds(seconds), words.Contains("storage"));
                    break;
                case "deregister":
                    _modem.Deregister(words.Length > 1 && words[1] != "drop" ? int.Parse(words[1], CultureInfo.InvariantCulture) : 2, words.Contains("drop"));
                    break;
                case "register":
                    _modem.Reregister(words.Length > 1 ? int.Parse(words[1], CultureInfo.InvariantCulture) : null);
                    break;
                case "registration":
                    _modem.RegistrationOutcome = words.Length > 1 ? words[1] : "home";
                    break;
                case "ndisreject":
                    _modem.NdisRejectCause = words.Length > 1 ? int.Parse(words[1], CultureInfo.InvariantCulture) : 0;
                    break;
                case "mute":
                    _modem.Mute(TimeSpan.FromSeconds(words.Length > 1 ? double.Parse(words[1], CultureInfo.InvariantCulture) : 5));
                    break;
                case "dhcperror":
                    _modem.DhcpError = words.Length < 2 || words[1] != "off";
                    break;
                case "sms" or "sms16" when words.Length >= 3:
                    // The text is the rest of the line, spaces kept; "\n" stands for a line break.
                    var text = line[(line.IndexOf(words[1], words[0].Length, StringComparison.Ordinal) + words[1].Length + 1)..].Replace("\\n", "\n");
                    _modem.Sms.Deliver(words[1], text, reference16: words[0] == "sms16");
                    break;
                case "smsfail":
                    _modem.Sms.SendFailure = words.Length < 2 || words[1] == "off" ? null : int.Parse(words[1], CultureInfo.InvariantCulture);
                    break;
                case "smsc":
                    _modem.Sms.StoredSmsc = words.Length < 2 || words[1] == "none" ? null : words[1];
                    break;
                case "smsfill" when words.Length == 3:
                    _modem.Sms.Fill(words[1].ToUpperInvariant(), int.Parse(words[2], CultureInfo.InvariantCulture));
                    break;
                case "smscapacity" when words.Length == 3:
                    _modem.Sms.SetCapacity(words[1].ToUpperInvariant(), int.Parse(words[2], CultureInfo.InvariantCulture));
                    break;
                case "ussd" when words.Length >= 4:
                    _modem.Sms.SetUssd(words[1], int.Parse(words[2], CultureInfo.InvariantCulture), string.Join(' ', words[3..]));
                    break;
                case "quit":
                    _quit();
                    break;
                default:
                    Console.Error.WriteLine($"wwan-sim: unknown control line \"{line}\" ({Usage})");
                    break;
            }
        }
        catch (FormatException)
        {
            Console.Error.WriteLine($"wwan-sim: bad number in control line \"{line}\"");
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"wwan-sim: control line \"{line}\": {e.Message}");
        }
    }

    public void Dispose()
    {
        _stopping = true;
        try
        {
            // Unblock the reader's open() by opening the write end once.
            using (new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) { }
        }
        catch (IOException) { }
        _thread.Join(1000);
        try { File.Delete(_path); } catch (IOException) { }
    }
}
