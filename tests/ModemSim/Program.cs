namespace WwanProto.ModemSim;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("wwan-sim: not built yet");
        return 1;
    }
}
