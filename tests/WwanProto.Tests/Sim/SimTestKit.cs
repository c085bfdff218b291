using WwanProto.ModemSim;

namespace WwanProto.Tests.Sim;

internal static class SimTestKit
{
    public static string Attr(SimulatedModem modem, string dir, string name) =>
        File.ReadAllText(Path.Combine(modem.Paths.UsbDevices, dir, name)).Trim();

    public static RawPortClient Open(SimulatedModem modem, string kernelName) => new(modem.Paths.Dev(kernelName));

    /// <summary>Waits until the bus shows <paramref name="pid"/> with <paramref name="ports"/> ports (bounded).</summary>
    public static async Task WaitForPid(SimulatedModem modem, ushort pid, int ports, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        var idProduct = Path.Combine(modem.Paths.UsbDevices, modem.UsbPath, "idProduct");
        while (!(modem.CurrentPid == pid && modem.Ports.Count == ports && File.Exists(idProduct)
                 && File.ReadAllText(idProduct).Trim() == pid.ToString("x4")))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"device did not come back as {pid:x4} with {ports} ports (now {modem.CurrentPid:x4})");
            await Task.Delay(20);
        }
    }
}
