using System.Diagnostics;
using WwanProto.Core.At;
using WwanProto.Core.Native;
using WwanProto.Core.Qmi;
using Xunit;

namespace WwanProto.Tests.Qmi;

/// <summary>The QMUX client over a real pty (the modem end scripted here): transactions, timeouts, indications, loss.</summary>
public sealed class QmiDeviceTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>The modem end: reads requests from the pty master, writes answers.</summary>
    private sealed class Peer : IDisposable
    {
        private readonly Pty _pty = Pty.Open();
        private readonly QmuxFramer _framer = new();
        public string Path => _pty.SlavePath;

        public QmiMessage ReadRequest()
        {
            var sw = Stopwatch.StartNew();
            var buf = new byte[4096];
            while (true)
            {
                if (_framer.Next(out _) is { } m) return m;
                if (sw.Elapsed > Bound) throw new TimeoutException("no request arrived");
                if ((_pty.Master.Poll(Libc.POLLIN, 200) & Libc.POLLIN) == 0) continue;
                var n = _pty.Master.Read(buf);
                if (n > 0) _framer.Append(buf.AsSpan(0, n));
            }
        }

        public void Answer(QmiMessage request, byte[] tlvs, int? splitAt = null)
        {
            var b = new QmiMessage(request.Service, request.ClientId, QmiMessageKind.Response, request.TransactionId, request.MessageId, tlvs).Encode();
            if (splitAt is { } s)
            {
                _pty.Master.WriteAll(b.AsSpan(0, s));
                Thread.Sleep(20); // lets the reader see a partial message (test-side pacing only)
                _pty.Master.WriteAll(b.AsSpan(s));
            }
            else _pty.Master.WriteAll(b);
        }

        public void Write(byte[] bytes) => _pty.Master.WriteAll(bytes);

        public void Dispose() => _pty.Dispose();
    }

    private static byte[] Ok(QmiTlvWriter? more = null)
    {
        var w = new List<byte> { 0x02, 0x04, 0x00, 0, 0, 0, 0 };
        if (more is not null) w.AddRange(more.ToArray());
        return [.. w];
    }

    [Fact]
    public async Task Allocates_a_client_id_with_a_ctl_transaction()
    {
        using var peer = new Peer();
        await using var device = QmiDevice.Open(peer.Path);
        var allocation = device.AllocateClientAsync(QmiService.Wds, Bound);
        var request = peer.ReadRequest();
        Assert.Equal(QmiService.Ctl, request.Service);
        Assert.Equal(QmiMessages.CtlAllocateCid.Id, request.MessageId);
        Assert.Equal(new byte[] { 0x01, 0x01, 0x00, 0x01 }, request.Tlvs.ToArray());
        peer.Answer(request, Ok(new QmiTlvWriter().Begin(0x01).FieldU8(1).FieldU8(7).End()), splitAt: 5);
        Assert.Equal((byte)7, await allocation);
    }

    [Fact]
    public async Task Answers_are_matched_by_transaction_and_indications_go_to_the_handler()
    {
        using var peer = new Peer();
        await using var device = QmiDevice.Open(peer.Path);
        var indications = new List<QmiMessage>();
        var indicated = new TaskCompletionSource();
        device.Indication += m => { lock (indications) indications.Add(m); indicated.TrySetResult(); };

        var first = device.CallAsync(2, DmsMessages.GetModel(), Bound);
        var r1 = peer.ReadRequest();
        var second = device.CallAsync(2, DmsMessages.GetRevision(), Bound);
        var r2 = peer.ReadRequest();
        Assert.NotEqual(r1.TransactionId, r2.TransactionId);
        // Out of order, with an indication between, all in one write.
        var ind = new QmiMessage(QmiService.Wds, 3, QmiMessageKind.Indication, 1, 0x0022, new QmiTlvWriter().Begin(0x01).FieldU8(1).FieldU8(0).End().ToArray()).Encode();
        var a2 = new QmiMessage(r2.Service, r2.ClientId, QmiMessageKind.Response, r2.TransactionId, r2.MessageId, Ok(new QmiTlvWriter().String(0x01, "11.608"))).Encode();
        var a1 = new QmiMessage(r1.Service, r1.ClientId, QmiMessageKind.Response, r1.TransactionId, r1.MessageId, Ok(new QmiTlvWriter().String(0x01, "E392"))).Encode();
        peer.Write([.. a2, .. ind, .. a1]);
        Assert.Equal("E392", DmsMessages.ReadText(await first));
        Assert.Equal("11.608", DmsMessages.ReadText(await second));
        await indicated.Task.WaitAsync(Bound);
        Assert.Equal(WdsMessages.ConnectionStatus.Disconnected, WdsMessages.ReadStatusIndication(new QmiTlvReader(indications[0]))!.Status);
    }

    [Fact]
    public async Task A_failure_result_names_message_and_error()
    {
        using var peer = new Peer();
        await using var device = QmiDevice.Open(peer.Path);
        var call = device.CallAsync(2, WdsMessages.StartNetwork("internet", null, null, null, WdsMessages.IpFamily.IPv4), Bound);
        var request = peer.ReadRequest();
        peer.Answer(request, [0x02, 0x04, 0x00, 0x01, 0x00, 0x1A, 0x00]);
        var e = await Assert.ThrowsAsync<QmiErrorException>(() => call);
        Assert.Equal(QmiError.NoEffect, e.Error);
        Assert.Equal("WDS Start Network: NoEffect (QMI error 26)", e.Message);
    }

    [Fact]
    public async Task A_silent_device_times_out_naming_the_message()
    {
        using var peer = new Peer();
        await using var device = QmiDevice.Open(peer.Path);
        var e = await Assert.ThrowsAsync<QmiTimeoutException>(() => device.CallAsync(1, NasMessages.GetServingSystem(), TimeSpan.FromMilliseconds(300)));
        Assert.Contains("no answer to NAS Get Serving System", e.Message, StringComparison.Ordinal);
        _ = peer.ReadRequest();
    }

    [Fact]
    public async Task A_vanished_device_fails_waiting_requests()
    {
        var peer = new Peer();
        await using var device = QmiDevice.Open(peer.Path);
        var call = device.CallAsync(1, NasMessages.GetServingSystem(), Bound);
        _ = peer.ReadRequest();
        peer.Dispose();
        await Assert.ThrowsAsync<PortGoneException>(() => call);
        await device.Closed.WaitAsync(Bound);
    }
}
