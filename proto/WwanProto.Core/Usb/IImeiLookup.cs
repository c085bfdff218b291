namespace WwanProto.Core.Usb;

/// <summary>
/// Asks a modem for its IMEI (AT+CGSN on its control port in production). Returns null when the
/// modem does not answer or has no AT port; that candidate then simply does not match.
/// </summary>
public interface IImeiLookup
{
    Task<string?> GetImeiAsync(UsbDevice device, CancellationToken cancellationToken);
}
