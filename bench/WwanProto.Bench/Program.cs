namespace WwanProto.Bench;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Out.WriteLine("wwan-bench: no benchmarks yet");
        return 0;
    }
}
