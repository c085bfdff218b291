using System.Runtime.InteropServices;
using WwanProto.ModemSim.Cli;

namespace WwanProto.ModemSim;

/// <summary>wwan-sim: runs one simulated modem until SIGTERM/SIGINT/"quit", removing everything it created.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "pppd" && !OperatingSystem.IsWindows()) return Pppd.FakePppd.Run(args[1..]);
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(CommandLine.Usage);
            return 0;
        }
        CommandLine cli;
        try { cli = CommandLine.Parse(args); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"wwan-sim: {e.Message}\n{CommandLine.Usage}");
            return 2;
        }

        var done = new TaskCompletionSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; done.TrySetResult(); });
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; done.TrySetResult(); });

        SimulatedModem modem;
        try { modem = await SimulatedModem.StartAsync(cli.Options); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or TimeoutException)
        {
            Console.Error.WriteLine($"wwan-sim: {e.Message}");
            return 1;
        }
        await using (modem)
        {
            void WriteInfo()
            {
                var json = InfoWriter.Json(modem);
                if (cli.InfoPath is null)
                {
                    Console.WriteLine(json);
                    return;
                }
                var tmp = cli.InfoPath + ".tmp";
                File.WriteAllText(tmp, json + "\n");
                File.Move(tmp, cli.InfoPath, true);
            }
            WriteInfo();
            modem.Reenumerated += () =>
            {
                try { WriteInfo(); }
                catch (IOException e) { Console.Error.WriteLine($"wwan-sim: writing info: {e.Message}"); }
            };
            using var control = cli.ControlPath is null ? null : new ControlFifo(cli.ControlPath, modem, () => done.TrySetResult());
            await done.Task;
        }
        return 0;
    }
}
