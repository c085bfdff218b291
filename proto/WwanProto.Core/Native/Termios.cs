using System.Runtime.InteropServices;

namespace WwanProto.Core.Native;

/// <summary>struct termios as Linux glibc and musl lay it out (NCCS = 32).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Termios
{
    public uint IFlag;
    public uint OFlag;
    public uint CFlag;
    public uint LFlag;
    public byte Line;
    public fixed byte Cc[32];
    public uint ISpeed;
    public uint OSpeed;

    public const uint CSIZE = 0x30, CS8 = 0x30, CSTOPB = 0x40, CREAD = 0x80, PARENB = 0x100, HUPCL = 0x400,
        CLOCAL = 0x800, CRTSCTS = 0x80000000;
    public const int VTIME = 5, VMIN = 6;
    public const int TCSANOW = 0, TCIFLUSH = 0, TCOFLUSH = 1, TCIOFLUSH = 2;

    /// <summary>Maps a baud rate to its Bxxx constant; null when Linux has no constant for it.</summary>
    public static uint? SpeedConstant(int baud) => baud switch
    {
        9600 => 0xD, 19200 => 0xE, 38400 => 0xF, 57600 => 0x1001, 115200 => 0x1002, 230400 => 0x1003,
        460800 => 0x1004, 921600 => 0x1007, 3000000 => 0x100D, _ => null,
    };
}
