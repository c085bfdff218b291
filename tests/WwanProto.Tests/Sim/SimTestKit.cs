using WwanProto.ModemSim;

namespace WwanProto.Tests.Sim;

internal static class SimTestKit
{
    public static string Attr(SimulatedModem modem, string dir, string name) =>
        File.ReadAllText(Path.Combine(modem.Paths.UsbDevices, dir, name)).Trim();

    public static RawPortClient Open(SimulatedModem modem, string kernelName) => new(modem.Paths.Dev(kernelName));

    /// <summary>Waits until the bus shows <paramref name="pid"/> with <paramref name="ports"/> ports (bounded).</summary>
    public static async Task WaitForPid(SimulatedModem modem, ushort pid, int ports, int timeoutMs = 10000)
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

    /// <summary>Waits until the device has been enumerated <paramref name="count"/> times and shows <paramref name="ports"/> ports.</summary>
    public static async Task WaitForEnumeration(SimulatedModem modem, int count, int ports, int timeoutMs = 10000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!(modem.Enumerations >= count && modem.Ports.Count == ports))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no enumeration #{count} with {ports} ports (now #{modem.Enumerations}, {modem.Ports.Count} ports)");
            await Task.Delay(20);
        }
    }
}
