using System.Runtime.InteropServices;

namespace WwanProto.Core.Native;

internal static partial class Libc
{
    [LibraryImport(Lib, EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Mkfifo(string path, uint mode);
}
