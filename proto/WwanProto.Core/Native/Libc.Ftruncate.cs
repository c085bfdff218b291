using System.Runtime.InteropServices;

namespace WwanProto.Core.Native;

internal static unsafe partial class Libc
{
    [LibraryImport(Lib, EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Ftruncate(int fd, long length);
}
