using System.Net.Sockets;
using System.Text;
using WwanProto.Core.Systemd;
using Xunit;

namespace WwanProto.Tests.Systemd;

/// <summary>The notification datagram as systemd receives it, on a real AF_UNIX datagram socket.</summary>
public sealed class SdNotifyTests
{
    [Fact]
    public void Sends_one_datagram_to_an_abstract_namespace_socket()
    {
        var name = $"wwan-notify-{Guid.NewGuid():N}";
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint("\0" + name));
        using var notify = new SdNotify("@" + name);
        Assert.True(notify.Enabled);
        Assert.True(notify.Send("READY=1\n" + SdNotify.StatusLine("connected\non wwan0")));
        var buffer = new byte[4096];
        listener.ReceiveTimeout = 10_000;
        var n = listener.Receive(buffer);
        Assert.Equal("READY=1\nSTATUS=connected on wwan0", Encoding.UTF8.GetString(buffer, 0, n));
    }

    [Fact]
    public void Without_a_socket_or_with_one_nobody_listens_on_it_does_nothing_and_does_not_throw()
    {
        using var none = new SdNotify(null);
        Assert.False(none.Enabled);
        Assert.False(none.Send("READY=1"));
        using var relative = new SdNotify("not-a-path");
        Assert.False(relative.Enabled);
        using var gone = new SdNotify(Path.Combine(Path.GetTempPath(), $"wwan-notify-missing-{Guid.NewGuid():N}"));
        Assert.False(gone.Send("READY=1"));
    }

    [Theory]
    [InlineData("wan: fatal error SIM_PIN: the modem refused the PIN", 3)]
    [InlineData("wan: giving up: MODEM_GONE", 3)]
    [InlineData("huaweiwwan up: option 'apn': value 'a\"b' ...", 3)]
    [InlineData("wan: warning: continuing with IPv4 only on wwan0", 4)]
    [InlineData("wan: link up on wwan0: 10.0.0.2/30", 6)]
    public void Journal_priorities_come_from_what_the_line_says(string line, int priority)
    {
        var sink = new StringWriter();
        using (var w = new JournalPriorityWriter(sink)) w.WriteLine(line);
        Assert.Equal($"<{priority}>{line}\n", sink.ToString());
    }
}
