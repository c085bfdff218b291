namespace WwanProto.Core.Ubus;

/// <summary>libubox blobmsg attribute types (blobmsg.h). BOOL travels as INT8.</summary>
public enum BlobmsgType : byte
{
    Unspec = 0,
    Array = 1,
    Table = 2,
    String = 3,
    Int64 = 4,
    Int32 = 5,
    Int16 = 6,
    Int8 = 7,
    Double = 8,
}
