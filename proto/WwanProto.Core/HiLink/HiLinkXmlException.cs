namespace WwanProto.Core.HiLink;

/// <summary>An answer that is not the small XML the web API sends; the message says where and what.</summary>
public sealed class HiLinkXmlException(string message) : Exception(message);
