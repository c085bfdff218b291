using System.Runtime.CompilerServices;

namespace WwanProto.Tests;

/// <summary>
/// Process-wide test settings, applied before any test runs (and inherited by every child process).
/// </summary>
internal static class TestEnvironment
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        // libuci replays /tmp/.uci in every session; a private one keeps a developer's or another run's
        // pending changes out of the results, and ours out of the machine's.
        var saveDir = Path.Combine(Path.GetTempPath(), $"wwan-test-uci-{Environment.ProcessId}");
        Directory.CreateDirectory(saveDir);
        Environment.SetEnvironmentVariable("HUAWEIWWAN_UCI_SAVEDIR", saveDir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(saveDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
    }
}
