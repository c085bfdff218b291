namespace WwanProto.Commands;

public static class VersionCommand
{
    public const string Version = "0.1.0";

    public static int Run(string[] args)
    {
        Core.StandardOutput.WriteLine($"huaweiwwan {Version}");
        return 0;
    }
}
