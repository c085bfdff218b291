namespace WwanProto.Core.Ubus;

/// <summary>ubus message types (ubusmsg.h, enum ubus_msg_type).</summary>
public enum UbusMessageType : byte
{
    Hello = 0,
    Status = 1,
    Data = 2,
    Ping = 3,
    Lookup = 4,
    Invoke = 5,
    AddObject = 6,
    RemoveObject = 7,
    Subscribe = 8,
    Unsubscribe = 9,
    Notify = 10,
    Monitor = 11,
}

/// <summary>Attribute ids inside a ubus message's blob (ubusmsg.h, enum ubus_msg_attr).</summary>
public enum UbusAttr : byte
{
    Unspec = 0,
    Status = 1,
    ObjPath = 2,
    ObjId = 3,
    Method = 4,
    ObjType = 5,
    Signature = 6,
    Data = 7,
    Target = 8,
    Active = 9,
    NoReply = 10,
    Subscribers = 11,
    User = 12,
    Group = 13,
}
