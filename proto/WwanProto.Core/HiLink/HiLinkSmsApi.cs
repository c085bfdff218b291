using System.Globalization;

namespace WwanProto.Core.HiLink;

/// <summary>
/// The SMS and USSD calls of the stick's web API, typed, over the session's <see cref="HiLinkClient"/> (one cookie,
/// requests one at a time). Request element names and their order as the WebUI sends them (some firmware, e.g. the
/// B525s, reads them in order).
/// </summary>
public sealed class HiLinkSmsApi(HiLinkClient client)
{
    /// <summary>The most messages one sms-list page returns; longer boxes are read page by page.</summary>
    public const int PageSize = 50;

    /// <summary>BoxType of sms-list: the stick's own inbox and sent box.</summary>
    public const int LocalInbox = 1, LocalSent = 2;

    public HiLinkClient Client { get; } = client;

    /// <summary>Page <paramref name="page"/> (from 1) of a box, newest first; unread first when asked.</summary>
    public async Task<HiLinkSmsPage> ListAsync(int box, int page, bool unreadFirst, CancellationToken ct) =>
        HiLinkSmsXml.List(await Client.PostAsync("/api/sms/sms-list", ListBody(box, page, unreadFirst), ct).ConfigureAwait(false));

    public static XmlRequest ListBody(int box, int page, bool unreadFirst) => new XmlRequest()
        .Add("PageIndex", page).Add("ReadCount", PageSize).Add("BoxType", box)
        .Add("SortType", 0).Add("Ascending", 0).Add("UnreadPreferred", unreadFirst ? 1 : 0);

    public async Task<HiLinkSmsCount> CountAsync(CancellationToken ct) =>
        HiLinkSmsXml.Count(await Client.GetAsync("/api/sms/sms-count", ct).ConfigureAwait(false));

    public Task SetReadAsync(int index, CancellationToken ct) =>
        Client.PostOkAsync("/api/sms/set-read", new XmlRequest().Add("Index", index), ct);

    public Task DeleteAsync(int index, CancellationToken ct) =>
        Client.PostOkAsync("/api/sms/delete-sms", new XmlRequest().Add("Index", index), ct);

    /// <summary>
    /// Index -1: a new message. Reserved is the alphabet the WebUI picked (1 GSM 7-bit, 0 UCS-2); Length the
    /// text's length in characters; Date the stick's local time of the send; Sca empty: the SIM's SMS centre.
    /// </summary>
    public Task SendAsync(string phone, string text, bool gsm7, DateTime now, CancellationToken ct) =>
        Client.PostOkAsync("/api/sms/send-sms", SendBody(phone, text, gsm7, now), ct);

    public static XmlRequest SendBody(string phone, string text, bool gsm7, DateTime now) => new XmlRequest()
        .Add("Index", -1).Open("Phones").Add("Phone", phone).Close().Add("Sca", "")
        .Add("Content", text).Add("Length", text.Length).Add("Reserved", gsm7 ? 1 : 0)
        .Add("Date", now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));

    public async Task<HiLinkSendStatus> SendStatusAsync(CancellationToken ct) =>
        HiLinkSmsXml.SendStatus(await Client.GetAsync("/api/sms/send-status", ct).ConfigureAwait(false));

    public async Task<HiLinkNotifications> NotificationsAsync(CancellationToken ct) =>
        HiLinkSmsXml.Notifications(await Client.GetAsync("/api/monitoring/check-notifications", ct).ConfigureAwait(false));

    /// <summary>Starts a USSD request or answers the network's menu: codeType "CodeType" as the WebUI sends it.</summary>
    public Task UssdSendAsync(string content, CancellationToken ct) =>
        Client.PostOkAsync("/api/ussd/send", new XmlRequest().Add("content", content).Add("codeType", "CodeType").Add("timeout", ""), ct);

    /// <summary>The network's answer; error 111019 while it has not come yet.</summary>
    public async Task<string> UssdGetAsync(CancellationToken ct) =>
        (await Client.GetAsync("/api/ussd/get", ct).ConfigureAwait(false)).Child("content")?.Text ?? "";

    /// <summary>Ends the USSD dialogue the stick holds open.</summary>
    public Task UssdReleaseAsync(CancellationToken ct) => Client.GetAsync("/api/ussd/release", ct);
}
