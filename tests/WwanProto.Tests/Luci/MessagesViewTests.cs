using WwanProto.Tests.Packaging;
using Xunit;

namespace WwanProto.Tests.Luci;

/// <summary>
/// The real view/huaweiwwan/messages.js in headless Chromium against the session's ubus methods (sms_list,
/// sms_read, sms_delete, sms_send, ussd on huaweiwwan.&lt;iface&gt;, answered by an in-page store): it lists,
/// reads, deletes and sends messages, runs a USSD dialogue with a follow-up, and shows the session's errors.
/// </summary>
public class MessagesViewTests
{
    private const string Boot = """
        (function() {
            var store = [
                { id: 'SM:0', storage: 'SM', status: 'unread', kind: 'deliver', address: '+4915198765432', time: '2026-12-04T07:30:00+01:00',
                  text: 'Ihr Code: 4711', alphabet: 'gsm7', parts: 1, complete: true },
                { id: 'ME:2', storage: 'ME', status: 'read', kind: 'deliver', address: 'Telekom', time: '2026-12-03T18:00:00+01:00',
                  text: 'Teil eins, ', alphabet: 'gsm7', parts: 2, complete: false }
            ];
            window.__sent = [];
            var wan = {
                sms_list: function() { return { messages: store.slice(), storage: [ { name: 'SM', used: 1, total: 30, full: false }, { name: 'ME', used: 1, total: 1, full: true } ] }; },
                sms_read: function(a) { var m = store.filter(function(x) { return x.id == a.id; })[0]; m.status = 'read'; return m; },
                sms_delete: function(a) { store = store.filter(function(x) { return x.id != a.id; }); return { deleted: a.id }; },
                sms_send: function(a) {
                    if (a.to == '') return Promise.reject(new Error('Invalid argument: argument to (the recipient\'s number) is missing'));
                    window.__sent.push(a); return { to: a.to, parts: 1, references: [ 7 ] };
                },
                ussd: function(a) {
                    if (a.code == '*123#') return { status: 'more', text: 'Bundles: 1 Data 2 Voice', expects_answer: true };
                    if (a.answer == '1') return { status: 'done', text: 'Data: 2048 MB left', expects_answer: false };
                    if (a.cancel) return { status: 'cancelled', expects_answer: false };
                    return Promise.reject(new Error('USSD: the network gave no +CUSD: answer within 30 s'));
                }
            };
            return __bootMessages({
                uci: { network: {
                    lan: { '.name': 'lan', '.type': 'interface', proto: 'static' },
                    wan: { '.name': 'wan', '.type': 'interface', proto: 'huaweiwwan' },
                    lte2: { '.name': 'lte2', '.type': 'interface', proto: 'huaweiwwan' }
                } },
                ubus: { 'huaweiwwan.wan': wan }
            });
        })()
        """;

    private static string Click(string iface, string selector) =>
        $"(function() {{ var b = document.querySelector('[data-interface={iface}] {selector}'); return Promise.resolve(b.dispatchEvent(new MouseEvent('click'))).then(function() {{ return new Promise(function(r) {{ setTimeout(r, 50); }}); }}).then(function() {{ return document.querySelector('[data-interface={iface}]').innerText; }}); }})()";

    [Fact(Timeout = 120_000)]
    public async Task Messages_page_lists_reads_deletes_sends_and_runs_ussd()
    {
        await using var page = await LuciPage.OpenAsync();
        var b = page.Browser;
        var text = (await b.EvaluateAsync(Boot))!.GetValue<string>();
        Assert.Contains("Interface wan", text);
        Assert.Contains("Ihr Code: 4711", text);
        Assert.Contains("+4915198765432", text);
        Assert.Contains("2026-12-04 07:30:00+01:00", text);
        Assert.Contains("(2 parts, some missing)", text);
        Assert.Contains("SIM: 1 of 30 used", text);
        Assert.Contains("Modem: 1 of 1 used — full: new messages are refused", text);
        Assert.Contains("Interface lte2", text);
        Assert.Contains("Object not found: huaweiwwan.lte2", text); // no session: the reason, in place
        Assert.DoesNotContain("Interface lan", text);
        await b.ScreenshotAsync(Path.Combine(RepoPaths.TestResults, "luci-messages.png"));

        await b.EvaluateAsync(Click("wan", "tr[data-id=\"SM:0\"] .huaweiwwan-read"));
        Assert.Equal("read", (await b.EvaluateAsync("document.querySelector('tr[data-id=\"SM:0\"]').getAttribute('data-status')"))!.GetValue<string>());

        var afterDelete = (await b.EvaluateAsync(Click("wan", "tr[data-id=\"SM:0\"] .huaweiwwan-delete")))!.GetValue<string>();
        Assert.DoesNotContain("Ihr Code: 4711", afterDelete);
        Assert.Contains("Teil eins,", afterDelete);

        await b.EvaluateAsync("(document.querySelector('[data-interface=wan] .huaweiwwan-to').value = '+4917612345678', document.querySelector('[data-interface=wan] .huaweiwwan-body').value = 'Bin gleich da', 1)");
        Assert.Contains("Sent to +4917612345678 in 1 part(s)", (await b.EvaluateAsync(Click("wan", ".huaweiwwan-send")))!.GetValue<string>());
        var sent = (await b.EvaluateAsync("window.__sent"))!.AsArray();
        Assert.Equal("Bin gleich da", Assert.Single(sent)!["text"]!.GetValue<string>());
        await b.EvaluateAsync("(document.querySelector('[data-interface=wan] .huaweiwwan-to').value = '', 1)");
        Assert.Contains("argument to (the recipient's number) is missing", (await b.EvaluateAsync(Click("wan", ".huaweiwwan-send")))!.GetValue<string>());

        await b.EvaluateAsync("(document.querySelector('[data-interface=wan] .huaweiwwan-ussd-code').value = '*123#', 1)");
        Assert.Contains("Bundles: 1 Data 2 Voice", (await b.EvaluateAsync(Click("wan", ".huaweiwwan-ussd-send")))!.GetValue<string>());
        Assert.Equal("", (await b.EvaluateAsync("document.querySelector('[data-interface=wan] .huaweiwwan-ussd-cancel').style.display"))!.GetValue<string>());
        await b.EvaluateAsync("(document.querySelector('[data-interface=wan] .huaweiwwan-ussd-code').value = '1', 1)");
        Assert.Contains("Data: 2048 MB left", (await b.EvaluateAsync(Click("wan", ".huaweiwwan-ussd-send")))!.GetValue<string>());
        Assert.Equal("none", (await b.EvaluateAsync("document.querySelector('[data-interface=wan] .huaweiwwan-ussd-cancel').style.display"))!.GetValue<string>());

        var calls = (await b.EvaluateAsync("L.require('rpc').then(function(r) { return r.calls; })"))!.AsArray();
        Assert.Contains(calls, c => c!["method"]!.GetValue<string>() == "sms_delete" && c["args"]!["id"]!.GetValue<string>() == "SM:0");
        Assert.Contains(calls, c => c!["method"]!.GetValue<string>() == "ussd" && c["args"]!["answer"]?.GetValue<string>() == "1");
        Assert.All(calls, c => Assert.StartsWith("huaweiwwan.", c!["object"]!.GetValue<string>()));
    }
}
