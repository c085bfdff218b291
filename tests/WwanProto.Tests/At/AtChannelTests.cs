using System.Collections.Concurrent;
using WwanProto.Core.At;
using WwanProto.Core.Native;
using Xunit;

namespace WwanProto.Tests.At;

/// <summary>The AT engine over a real pty, with the test playing the modem on the master side.</summary>
public sealed class AtChannelTests
{
    private static readonly TimeSpan T = TimeSpan.FromSeconds(10);
    private static readonly AtChannelOptions Options = new();

    private static async Task<T2> Bounded<T2>(Task<T2> task) => await task.WaitAsync(T);

    private static async Task<AtResponse> Exchange(PtyPeer peer, AtChannel channel, string command, string answer, ConcurrentQueue<string>? urcs = null)
    {
        var send = channel.SendAsync(command, T);
        Assert.Equal(command, peer.ReadCommand());
        peer.Write(answer);
        return await Bounded(send);
    }

    [Fact]
    public async Task Plain_AT_gets_OK()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var r = await Exchange(peer, ch, "AT", "\r\nOK\r\n");
        Assert.Equal(AtFinal.Ok, r.Final);
        Assert.Empty(r.Lines);
        Assert.False(r.Echoed);
    }

    [Fact]
    public async Task Information_line_is_matched_by_prefix_section_2_1()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var r = await Exchange(peer, ch, "AT+CSQ", "\r\n+CSQ: 22,99\r\n\r\nOK\r\n");
        Assert.True(r.IsOk);
        Assert.Equal(["+CSQ: 22,99"], r.Lines);
        Assert.Equal("+CSQ: 22,99", r.Line("+CSQ:"));
    }

    [Fact]
    public async Task Echo_on_is_skipped_E1752_transcript_section_6_5()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var r = await Exchange(peer, ch, "AT+CPIN?", "AT+CPIN?\r\r\n+CPIN: READY\r\n\r\nOK\r\n");
        Assert.True(r.Echoed);
        Assert.Equal(["+CPIN: READY"], r.Lines);
    }

    [Theory]
    [InlineData("+CPIN?\r\r\n")]
    [InlineData("AT+CP\r\n")]
    [InlineData("AT+CPIN\r\n")]
    public async Task Partial_echo_is_skipped(string echo)
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var r = await Exchange(peer, ch, "AT+CPIN?", echo + "\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n");
        Assert.Equal(["+CPIN: SIM PIN"], r.Lines);
    }

    [Theory]
    [InlineData("OK", AtFinal.Ok, null, null)]
    [InlineData("ERROR", AtFinal.Error, null, null)]
    [InlineData("+CME ERROR: 10", AtFinal.CmeError, 10, null)]
    [InlineData("+CME ERROR: SIM PIN required", AtFinal.CmeError, null, "SIM PIN required")]
    [InlineData("+CME ERROR: incorrect password", AtFinal.CmeError, null, "incorrect password")]
    [InlineData("+CMS ERROR: 310", AtFinal.CmsError, 310, null)]
    [InlineData("COMMAND NOT SUPPORT", AtFinal.CommandNotSupported, null, null)]
    [InlineData("TOO MANY PARAMETERS", AtFinal.TooManyParameters, null, null)]
    [InlineData("NO CARRIER", AtFinal.NoCarrier, null, null)]
    [InlineData("BUSY", AtFinal.Busy, null, null)]
    [InlineData("NO ANSWER", AtFinal.NoAnswer, null, null)]
    [InlineData("NO DIALTONE", AtFinal.NoDialtone, null, null)]
    public async Task Every_final_result_section_2_15(string final, AtFinal kind, int? code, string? text)
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var r = await Exchange(peer, ch, "AT+CIMI", $"\r\n{final}\r\n");
        Assert.Equal(kind, r.Final);
        Assert.Equal(final, r.FinalLine);
        Assert.Equal(code, r.ErrorCode);
        Assert.Equal(text, r.ErrorText);
        Assert.Contains(final, r.Describe());
        // The channel is still usable after every kind of final result.
        var next = await Exchange(peer, ch, "AT", "\r\nOK\r\n");
        Assert.True(next.IsOk);
    }

    [Theory]
    [InlineData("CONNECT", null)]
    [InlineData("CONNECT 150000000", 150000000L)]
    public async Task Connect_ends_the_dial_and_hands_the_data_over_section_2_9(string connect, long? rate)
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var send = ch.SendAsync("ATD*99#", T);
        Assert.Equal("ATD*99#", peer.ReadCommand());
        // The first LCP frame follows CONNECT in the same read.
        peer.Write(System.Text.Encoding.Latin1.GetBytes($"\r\n{connect}\r\n~\xff}}#\xc0!"));
        var r = await Bounded(send);
        Assert.Equal(AtFinal.Connect, r.Final);
        Assert.Equal(rate, AtFinalResult.ConnectRate(r.FinalLine));
        using var handoff = await ch.DetachAsync().WaitAsync(T);
        Assert.Equal(System.Text.Encoding.Latin1.GetBytes("~\xff}#\xc0!"), handoff.Pending);
        Assert.False(handoff.Fd.IsClosed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => ch.SendAsync("AT", T));
        await ch.Closed.WaitAsync(T);
    }

    [Fact]
    public async Task Urcs_between_echo_info_and_OK_and_glued_to_OK_go_to_subscribers_section_2_11()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var urcs = new ConcurrentQueue<string>();
        ch.Urc += urcs.Enqueue;
        var r = await Exchange(peer, ch, "AT+CSQ",
            "AT+CSQ\r\r\n^RSSI:20\r\n\r\n+CSQ: 22,99\r\n\r\n^HCSQ:\"LTE\",48,35,86,14\r\n\r\nOK\r\n\r\n^NDISSTAT:1,,,\"IPV4\"\r\n");
        Assert.Equal(["+CSQ: 22,99"], r.Lines);
        var r2 = await Exchange(peer, ch, "AT^NDISDUP=1,1,\"internet\"", "\r\nOK^NDISSTAT:0,33,,\"IPV4\"\r\n");
        Assert.True(r2.IsOk);
        await WaitFor(() => urcs.Count >= 4);
        Assert.Equal(["^RSSI:20", "^HCSQ:\"LTE\",48,35,86,14", "^NDISSTAT:1,,,\"IPV4\"", "^NDISSTAT:0,33,,\"IPV4\""], urcs.ToArray());
    }

    [Fact]
    public async Task Field_report_2_urcs_between_command_and_OK()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var urcs = new ConcurrentQueue<string>();
        ch.Urc += urcs.Enqueue;
        var r = await Exchange(peer, ch, "AT^SYSINFOEX",
            "\r\n^RSSI: 16\r\n\r\n^CERSSI:0,-80,-4,0,0,0,0\r\n\r\n^HCSQ:\"WCDMA\",45,41,57\r\n\r\n^SYSINFOEX:2,3,0,1,,3,\"WCDMA\",41,\"WCDMA\"\r\n\r\nOK\r\n");
        Assert.Equal(["^SYSINFOEX:2,3,0,1,,3,\"WCDMA\",41,\"WCDMA\""], r.Lines);
        await WaitFor(() => urcs.Count >= 3);
        Assert.Equal(["^RSSI: 16", "^CERSSI:0,-80,-4,0,0,0,0", "^HCSQ:\"WCDMA\",45,41,57"], urcs.ToArray());
    }

    [Fact]
    public async Task Creg_urc_inside_the_creg_query_answer_is_told_apart_section_2_5()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var urcs = new ConcurrentQueue<string>();
        ch.Urc += urcs.Enqueue;
        var r = await Exchange(peer, ch, "AT+CREG?",
            "\r\n+CREG: 5,\"792D\",\"04947221\"\r\n\r\n+CREG: 2,5,\"792D\",\"04947221\"\r\n\r\nOK\r\n");
        Assert.Equal(["+CREG: 2,5,\"792D\",\"04947221\""], r.Lines);
        await WaitFor(() => urcs.Count >= 1);
        Assert.Equal(["+CREG: 5,\"792D\",\"04947221\""], urcs.ToArray());
    }

    [Fact]
    public async Task ATI_bare_lines_are_kept_and_urcs_are_not_section_6_1()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var urcs = new ConcurrentQueue<string>();
        ch.Urc += urcs.Enqueue;
        var r = await Exchange(peer, ch, "ATI",
            "\r\nManufacturer: huawei\r\nModel: E3372\r\n^BOOT:35323129,0,0,0,26\r\nRevision: 22.329.63.00.74\r\nIMEI: 866000000000001\r\n+GCAP: +CGSM,+DS,+ES\r\n\r\nOK\r\n");
        Assert.Equal(["Manufacturer: huawei", "Model: E3372", "Revision: 22.329.63.00.74", "IMEI: 866000000000001", "+GCAP: +CGSM,+DS,+ES"], r.Lines);
        await WaitFor(() => urcs.Count >= 1);
        Assert.Equal(["^BOOT:35323129,0,0,0,26"], urcs.ToArray());
    }

    [Theory]
    [InlineData("\r\n+CSQ: 22,99\r\n\r\nOK\r\n")]
    [InlineData("\r+CSQ: 22,99\r\rOK\r")]
    [InlineData("\n+CSQ: 22,99\n\nOK\n")]
    [InlineData("\r\r\n+CSQ: 22,99\r\r\n\r\r\nOK\r\r\n")]
    [InlineData("\0\r\n+CSQ: 22,99\r\n\0\x01\r\nOK\r\n")]
    public async Task Tolerant_framing_section_4_item_2(string answer)
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var r = await Exchange(peer, ch, "AT+CSQ", answer);
        Assert.True(r.IsOk);
        Assert.Equal(["+CSQ: 22,99"], r.Lines);
    }

    [Fact]
    public async Task Split_reads_at_every_byte_boundary()
    {
        const string answer = "AT+CSQ\r\r\n^RSSI:20\r\n+CSQ: 22,99\r\n\r\n^HCSQ:\"LTE\",48,35,86,14\r\n\r\nOK\r\n^BOOT:1,0\r\n";
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var urcs = new ConcurrentQueue<string>();
        ch.Urc += urcs.Enqueue;
        for (var split = 1; split < answer.Length; split++)
        {
            urcs.Clear();
            var send = ch.SendAsync("AT+CSQ", T);
            Assert.Equal("AT+CSQ", peer.ReadCommand());
            peer.WriteSplit(answer, split, () => ch.BytesRead);
            var r = await Bounded(send);
            Assert.True(r.IsOk, $"split at {split}");
            Assert.True(r.Echoed, $"split at {split}");
            Assert.Equal(["+CSQ: 22,99"], r.Lines);
            Assert.Equal(["^RSSI:20", "^HCSQ:\"LTE\",48,35,86,14", "^BOOT:1,0"], urcs.ToArray());
        }
    }

    [Fact]
    public async Task Answer_arriving_one_byte_per_read()
    {
        const string answer = "\r\n^SYSINFOEX:2,3,0,1,,6,\"LTE\",101,\"LTE\"\r\n\r\n^RSSI:20\r\n\r\nOK\r\n";
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var send = ch.SendAsync("AT^SYSINFOEX", T);
        Assert.Equal("AT^SYSINFOEX", peer.ReadCommand());
        foreach (var c in answer)
        {
            peer.WriteCounted(c.ToString());
            peer.WaitConsumed(() => ch.BytesRead);
        }
        var r = await Bounded(send);
        Assert.Equal(["^SYSINFOEX:2,3,0,1,,6,\"LTE\",101,\"LTE\""], r.Lines);
    }

    [Fact]
    public async Task Silent_modem_gives_a_timeout_response_and_the_channel_goes_on()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var r = await Bounded(ch.SendAsync("AT+CGMM", TimeSpan.FromMilliseconds(200)));
        Assert.Equal(AtFinal.Timeout, r.Final);
        Assert.Contains("timed out", r.Describe());
        Assert.Equal("AT+CGMM", peer.ReadCommand());
        // After a timeout the channel first resyncs with a plain AT (AtResyncTests), then sends the command.
        var send = ch.SendAsync("AT+CGMM", T);
        Assert.Equal("AT", peer.ReadCommand());
        peer.Write("\r\nOK\r\n");
        Assert.Equal("AT+CGMM", peer.ReadCommand());
        peer.Write("\r\nE3372\r\n\r\nOK\r\n");
        var next = await Bounded(send);
        Assert.Equal(["E3372"], next.Lines);
    }

    [Fact]
    public async Task Vanished_port_fails_in_flight_and_later_commands_and_completes_Closed()
    {
        var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var send = ch.SendAsync("AT^NDISSTATQRY?", T);
        Assert.Equal("AT^NDISSTATQRY?", peer.ReadCommand());
        var queued = ch.SendAsync("AT+CSQ", T);
        peer.Dispose();
        var e = await Assert.ThrowsAsync<PortGoneException>(() => send.WaitAsync(T));
        Assert.Equal(peer.Path, e.PortPath);
        await Assert.ThrowsAsync<PortGoneException>(() => queued.WaitAsync(T));
        await ch.Closed.WaitAsync(T);
        await Assert.ThrowsAsync<PortGoneException>(() => ch.SendAsync("AT", T));
    }

    [Fact]
    public async Task Commands_are_queued_one_in_flight_under_concurrency()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        const int count = 40;
        var sends = Enumerable.Range(0, count)
            .Select(i => Task.Run(() => ch.SendAsync($"AT+CGDCONT={i}?", T)))
            .ToArray();
        var seen = new HashSet<string>();
        for (var k = 0; k < count; k++)
        {
            var cmd = peer.ReadCommand();
            Assert.True(seen.Add(cmd));
            // One command in flight: nothing else is written until this one got its final result.
            Assert.False(peer.HasPendingInput(5));
            var i = int.Parse(cmd["AT+CGDCONT=".Length..^1]);
            peer.Write($"\r\n+CGDCONT: {i},\"IP\",\"apn{i}\"\r\n\r\n^RSSI:{i % 31}\r\n\r\nOK\r\n");
        }
        for (var i = 0; i < count; i++)
        {
            var r = await sends[i].WaitAsync(T);
            Assert.Equal($"AT+CGDCONT={i}?", r.Command);
            Assert.Equal([$"+CGDCONT: {i},\"IP\",\"apn{i}\""], r.Lines);
        }
    }

    [Fact]
    public async Task Cancelled_command_is_not_sent_and_an_in_flight_answer_is_still_consumed()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        using var cts = new CancellationTokenSource();
        var first = ch.SendAsync("AT+CSQ", T, cts.Token);
        Assert.Equal("AT+CSQ", peer.ReadCommand());
        using var cts2 = new CancellationTokenSource();
        var queued = ch.SendAsync("AT+CGMR", T, cts2.Token);
        cts2.Cancel();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(T));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(T));
        var third = ch.SendAsync("AT+CGMI", T);
        peer.Write("\r\n+CSQ: 22,99\r\n\r\nOK\r\n");
        // The cancelled command's answer ends it; then the next queued command goes out (never the cancelled one).
        Assert.Equal("AT+CGMI", peer.ReadCommand());
        peer.Write("\r\nhuawei\r\n\r\nOK\r\n");
        var r = await Bounded(third);
        Assert.Equal(["huawei"], r.Lines);
    }

    [Fact]
    public async Task Command_with_line_break_is_refused_before_any_io()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        Assert.Throws<ArgumentException>(() => { _ = ch.SendAsync("AT\rAT+CFUN=0", T); });
        Assert.False(peer.HasPendingInput(50));
    }

    [Fact]
    public async Task Pin_never_appears_in_the_response_description()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var r = await Exchange(peer, ch, "AT+CPIN=\"4711\"", "\r\n+CME ERROR: incorrect password\r\n");
        Assert.DoesNotContain("4711", r.Describe());
        Assert.DoesNotContain("4711", r.Command);
        var ex = Assert.Throws<AtCommandException>(() => r.EnsureOk("unlocking the SIM"));
        Assert.Contains("incorrect password", ex.Message);
    }

    [Fact]
    public async Task Dtr_toggle_is_tolerated_on_a_pty()
    {
        using var peer = new PtyPeer();
        using var fd = SerialPort.Open(peer.Path);
        SerialPort.SetDtr(fd, false);
        SerialPort.SetDtr(fd, true);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Second_open_of_the_same_port_is_refused_as_busy()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        Assert.Throws<PortBusyException>(() => AtChannel.Open(peer.Path, Options));
    }

    [Fact]
    public async Task Urc_subscriber_exception_does_not_kill_the_reader()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var got = new ConcurrentQueue<string>();
        ch.Urc += _ => throw new InvalidOperationException("subscriber bug");
        ch.Urc += got.Enqueue;
        peer.Write("\r\n^RSSI:20\r\n");
        await WaitFor(() => got.Count == 1);
        var r = await Exchange(peer, ch, "AT", "\r\nOK\r\n");
        Assert.True(r.IsOk);
    }

    [Fact]
    public async Task Line_noise_during_ATI_is_not_an_identity_line()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var urcs = new ConcurrentQueue<string>();
        ch.Urc += urcs.Enqueue;
        var send = ch.SendAsync("ATI", T);
        Assert.Equal("ATI", peer.ReadCommand());
        peer.Write(System.Text.Encoding.Latin1.GetBytes("\0\xf3\x02\x9c\r\n\r\nManufacturer: huawei\r\n\r\nOK\r\n"));
        var r = await Bounded(send);
        Assert.Equal(["Manufacturer: huawei"], r.Lines);
        await WaitFor(() => urcs.Count == 1);
    }

    [Fact]
    public async Task Resume_after_connect_reads_lines_again()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path, Options);
        var urcs = new ConcurrentQueue<string>();
        ch.Urc += urcs.Enqueue;
        var r = await Exchange(peer, ch, "ATD*99#", "\r\nCONNECT\r\n");
        Assert.Equal(AtFinal.Connect, r.Final);
        Assert.True(ch.InDataMode);
        peer.Write("\r\nNO CARRIER\r\n");
        ch.ResumeCommandMode();
        await WaitFor(() => urcs.Contains("NO CARRIER"));
        Assert.False(ch.InDataMode);
        Assert.True((await Exchange(peer, ch, "AT", "\r\nOK\r\n")).IsOk);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(T);
        while (!condition())
            await Task.Delay(5, cts.Token);
    }
}
