namespace WwanProto.Core.Ubus;

/// <summary>An invocation of one of our methods: the caller's arguments (a blobmsg table's content).</summary>
public sealed record UbusRequest(string Method, ReadOnlyMemory<byte> Args, uint Caller)
{
    public IReadOnlyList<BlobAttr> ArgAttrs => BlobAttr.Parse(Args);

    /// <summary>The named argument, or null.</summary>
    public BlobAttr? Arg(string name)
    {
        foreach (var a in BlobAttr.Parse(Args))
            if (a.Name == name) return a;
        return null;
    }
}

/// <summary>A method's answer: a status and, for OK, an optional blobmsg table content sent as DATA.</summary>
public sealed record UbusResult(UbusStatus Status, byte[]? Data = null)
{
    public static UbusResult Ok(byte[] data) => new(UbusStatus.Ok, data);
    public static UbusResult Fail(UbusStatus status) => new(status);
}

/// <summary>One method of a ubus object: its argument policy (name → blobmsg type) and its handler.</summary>
public sealed record UbusMethod(
    string Name,
    IReadOnlyList<KeyValuePair<string, BlobmsgType>> Policy,
    Func<UbusRequest, CancellationToken, Task<UbusResult>> Handler);

/// <summary>An object we publish on the bus (ADD_OBJECT); ubusd forwards INVOKEs for it to us.</summary>
public sealed class UbusObject(string name, IReadOnlyList<UbusMethod> methods)
{
    public string Name { get; } = name;
    public IReadOnlyList<UbusMethod> Methods { get; } = methods;

    /// <summary>Assigned by ubusd when the object is added; 0 before.</summary>
    public uint Id { get; internal set; }
    public uint TypeId { get; internal set; }

    public UbusMethod? Find(string method)
    {
        foreach (var m in Methods)
            if (m.Name == method) return m;
        return null;
    }

    /// <summary>The SIGNATURE attribute content: one blobmsg table per method, int32 type per argument.</summary>
    public void WriteSignature(BlobWriter w)
    {
        foreach (var m in Methods)
        {
            var t = w.OpenTable(m.Name);
            foreach (var (arg, type) in m.Policy) w.Int32(arg, (int)type);
            w.Close(t);
        }
    }
}

/// <summary>What LOOKUP answered for one object.</summary>
public sealed record UbusObjectInfo(string Path, uint Id, uint TypeId, ReadOnlyMemory<byte> Signature);

/// <summary>The answer to an INVOKE: the DATA payload (a blobmsg table's content), empty when none came.</summary>
public sealed record UbusReply(ReadOnlyMemory<byte> Data)
{
    public string ToJson(bool indented = false) => BlobmsgJson.ToJson(Data, indented);
}
