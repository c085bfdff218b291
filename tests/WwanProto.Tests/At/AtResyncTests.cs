using System.Collections.Concurrent;
using WwanProto.Core.At;
using Xunit;

namespace WwanProto.Tests.At;

/// <summary>
/// Slow Huawei firmware answers after the command's bound (huawei-modems.md §4, §5): the late answer must never
/// become the next command's answer. The test plays the modem on a real pty.
/// </summary>
public sealed class AtResyncTests
{
    private static readonly TimeSpan T = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    private static async Task<AtResponse> Bounded(Task<AtResponse> task) => await task.WaitAsync(T);

    private static async Task<AtResponse> TimeOut(PtyPeer peer, AtChannel ch, string command)
    {
        var r = await Bounded(ch.SendAsync(command, Short));
        Assert.Equal(AtFinal.Timeout, r.Final);
        Assert.Equal(command, peer.ReadCommand());
        return r;
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(T);
        while (!condition())
            await Task.Delay(5, cts.Token);
    }

    [Fact]
    public async Task Late_answer_before_the_next_command_is_discarded_and_the_next_answer_is_its_own()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path);
        var urcs = new ConcurrentQueue<string>();
        var notes = new ConcurrentQueue<string>();
        ch.Urc += urcs.Enqueue;
        ch.Diagnostic += notes.Enqueue;
        await TimeOut(peer, ch, "AT+CSQ");
        peer.Write("\r\n+CSQ: 22,99\r\n\r\n^RSSI:20\r\n\r\nOK\r\n");
        await WaitFor(() => notes.Any(n => n.Contains("'OK'")));

        var send = ch.SendAsync("AT+CGMI", T);
        Assert.Equal("AT", peer.ReadCommand());
        peer.Write("\r\nOK\r\n");
        Assert.Equal("AT+CGMI", peer.ReadCommand());
        peer.Write("\r\nhuawei\r\n\r\nOK\r\n");
        var r = await Bounded(send);
        Assert.True(r.IsOk);
        Assert.Equal(["huawei"], r.Lines);
        // The late answer line is not a URC; the real URC inside it still is.
        Assert.Equal(["^RSSI:20"], urcs.ToArray());
        Assert.DoesNotContain(notes, n => n.Contains("22,99"));
    }

    [Fact]
    public async Task Late_answer_arriving_after_the_resync_AT_went_out_is_not_taken_for_its_OK()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path);
        await TimeOut(peer, ch, "AT^SYSINFOEX");

        var send = ch.SendAsync("AT+CPIN?", T);
        Assert.Equal("AT", peer.ReadCommand());
        // The modem finishes the slow command only now, then answers our AT: two OKs, the first one not ours.
        peer.WriteCounted("\r\n^SYSINFOEX:2,3,0,1,,6,\"LTE\",101,\"LTE\"\r\n\r\nOK\r\n");
        peer.WaitConsumed(() => ch.BytesRead);
        peer.WriteCounted("\r\nOK\r\n");
        Assert.Equal("AT+CPIN?", peer.ReadCommand());
        peer.Write("\r\n+CPIN: READY\r\n\r\nOK\r\n");
        var r = await Bounded(send);
        Assert.True(r.IsOk);
        Assert.Equal(["+CPIN: READY"], r.Lines);
    }

    [Fact]
    public async Task Late_error_during_the_resync_does_not_end_it()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path);
        await TimeOut(peer, ch, "AT+COPS?");

        var send = ch.SendAsync("AT+CGMR", T);
        Assert.Equal("AT", peer.ReadCommand());
        peer.Write("\r\n+CME ERROR: 30\r\n");
        // Only an OK can be the answer to AT: the channel keeps waiting for it, sending nothing else.
        Assert.False(peer.HasPendingInput(50));
        peer.Write("\r\nOK\r\n");
        Assert.Equal("AT+CGMR", peer.ReadCommand());
        peer.Write("\r\n22.329.63.00.74\r\n\r\nOK\r\n");
        var r = await Bounded(send);
        Assert.Equal(["22.329.63.00.74"], r.Lines);
    }

    [Fact]
    public async Task Modem_that_stopped_answering_fails_the_next_command_with_a_clear_error_then_recovers()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path);
        await TimeOut(peer, ch, "AT+CSQ");

        var r = await Bounded(ch.SendAsync("AT^NDISSTATQRY?", TimeSpan.FromMilliseconds(300)));
        Assert.Equal("AT", peer.ReadCommand());
        Assert.Equal(AtFinal.Timeout, r.Final);
        Assert.Contains("modem stopped answering", r.ErrorText);
        Assert.Contains(peer.Path, r.ErrorText);
        Assert.Contains("modem stopped answering", r.Describe());
        // The command itself was never sent to a modem that is out of step.
        Assert.False(peer.HasPendingInput(0));

        // The modem comes back: the next command resyncs again and then goes out.
        var send = ch.SendAsync("AT+CGMM", T);
        Assert.Equal("AT", peer.ReadCommand());
        peer.Write("\r\nOK\r\n");
        Assert.Equal("AT+CGMM", peer.ReadCommand());
        peer.Write("\r\nE3372\r\n\r\nOK\r\n");
        Assert.Equal(["E3372"], (await Bounded(send)).Lines);
    }

    [Fact]
    public async Task Pin_command_timing_out_never_shows_the_pin_in_diagnostics_or_errors()
    {
        using var peer = new PtyPeer();
        await using var ch = AtChannel.Open(peer.Path);
        var notes = new ConcurrentQueue<string>();
        ch.Diagnostic += notes.Enqueue;
        await TimeOut(peer, ch, "AT+CPIN=\"4711\"");
        peer.Write("\r\n+CME ERROR: incorrect password\r\n");
        var r = await Bounded(ch.SendAsync("AT+CSQ", TimeSpan.FromMilliseconds(300)));
        Assert.Equal("AT", peer.ReadCommand());
        Assert.Equal(AtFinal.Timeout, r.Final);
        Assert.NotEmpty(notes);
        Assert.DoesNotContain(notes, n => n.Contains("4711"));
        Assert.DoesNotContain("4711", r.ErrorText);
    }
}
