using WwanProto.Core;
using WwanProto.Core.Native;
using WwanProto.Core.Standalone;

namespace WwanProto.Commands;

/// <summary>
/// `huaweiwwan down [--iface NAME] [--timeout S]`: stops a running `up` (SIGTERM to the pid in StateDir; it
/// hangs up and removes its configuration) and waits for it to exit. Exit status: 0 stopped, 1 none was
/// running, 3 it did not stop in time, 2 usage.
/// </summary>
public static class DownCommand
{
    public static int Run(string[] args)
    {
        string? iface = null;
        var timeout = TimeSpan.FromSeconds(10);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--iface": iface = Value(); break;
                case "--timeout": timeout = TimeSpan.FromSeconds(CommandArgs.Seconds(Value(), "--timeout")); break;
                case "-h" or "--help":
                    Console.Out.WriteLine("usage: huaweiwwan down [--iface NAME] [--timeout SECONDS]");
                    Console.Out.WriteLine("exit status: 0 stopped, 1 not running, 2 usage, 3 did not stop in time");
                    return 0;
                default: throw new UsageException($"unexpected argument '{args[i]}'");
            }
        }
        var paths = SystemPaths.FromEnvironment();
        var (name, error) = StandaloneTarget.Resolve(paths, iface);
        if (name is null)
        {
            Console.Error.WriteLine($"huaweiwwan down: {error}");
            return 1;
        }
        var pid = PidFile.RunningPid(PidFile.PathFor(paths, name));
        if (pid is null || !PidFd.Terminate(pid.Value))
        {
            Console.Error.WriteLine($"huaweiwwan down: {name} is not running");
            return 1;
        }
        Console.Error.WriteLine($"huaweiwwan down: stopping {name} (pid {pid})");
        if (!PidFd.WaitForExit(pid.Value, timeout))
        {
            Console.Error.WriteLine($"huaweiwwan down: {name} (pid {pid}) did not stop within {timeout.TotalSeconds:0} s");
            return 3;
        }
        Console.Error.WriteLine($"huaweiwwan down: {name} stopped");
        return 0;
    }
}
