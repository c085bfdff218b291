using System.Diagnostics;
using WwanProto.Core.Links.Ppp;
using WwanProto.Core.Native;
using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Ppp;

/// <summary>The chat role against the simulator's PPP ports (real ptys): dial, failures, stuck data mode.</summary>
public sealed class ChatSimTests
{
    private static readonly ChatSettings Settings = new() { Apn = "internet", GuardTime = TimeSpan.FromMilliseconds(600), DialTimeout = TimeSpan.FromSeconds(10) };

    private static async Task<SimulatedModem> Start(string profile, string dialResult = "connect", bool stuck = false)
    {
        var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = profile, RegistrationDelay = TimeSpan.Zero, DialResult = dialResult, StuckInDataMode = stuck });
        WaitRegistered(sim, PppPort(profile));
        return sim;
    }

    /// <summary>The session registers before it hands the port to pppd; do the same, so a dial never meets "not registered yet".</summary>
    private static void WaitRegistered(SimulatedModem sim, string port)
    {
        using var fd = SerialPort.Open(sim.Paths.Dev(port));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        var seen = new System.Text.StringBuilder();
        Span<byte> buffer = stackalloc byte[256];
        while (DateTime.UtcNow < deadline)
        {
            fd.WriteAll("AT+CREG?\r"u8);
            seen.Clear();
            var until = DateTime.UtcNow + TimeSpan.FromMilliseconds(500);
            while (DateTime.UtcNow < until && !seen.ToString().Contains("OK") && !seen.ToString().Contains("ERROR"))
            {
                if ((fd.Poll(Libc.POLLIN, 100) & Libc.POLLIN) == 0) continue;
                var n = fd.Read(buffer);
                if (n > 0) seen.Append(System.Text.Encoding.ASCII.GetString(buffer[..n]));
            }
            var text = seen.ToString();
            if (text.Contains(",1") || text.Contains(",5")) return;
        }
        throw new TimeoutException($"the simulated modem did not register within 15 s: {seen}");
    }

    private static string PppPort(string profile) => profile == "phone-acm" ? "ttyACM0" : "ttyUSB0";

    private static ChatResult Chat(SimulatedModem sim, string port, ChatSettings settings, StringWriter log)
    {
        using var fd = SerialPort.Open(sim.Paths.Dev(port));
        return new ChatDialer(new FdChatPort(fd.Value, fd.Value, port), settings, log).Run(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
    }

    [Theory]
    [InlineData("e3131")]
    [InlineData("e367")]
    [InlineData("phone-acm")]
    public async Task Reaches_connect_on_every_ppp_profile(string profile)
    {
        await using var sim = await Start(profile);
        var log = new StringWriter();
        var result = Chat(sim, PppPort(profile), Settings, log);
        Assert.True(result.Connected, $"{result.Outcome}: {result.Message}\n{log}");
        Assert.StartsWith("CONNECT", result.Message);
        var sent = sim.PortCommandLog.Where(c => c.Port == PppPort(profile)).Select(c => c.Line).ToList();
        Assert.Contains("AT+CGDCONT=1,\"IP\",\"internet\"", sent);
        Assert.Contains("ATD*99***1#", sent);
    }

    [Theory]
    [InlineData("no-carrier", "NO CARRIER")]
    [InlineData("busy", "BUSY")]
    [InlineData("error", "ERROR")]
    public async Task A_refused_dial_is_a_clear_failure(string dialResult, string answer)
    {
        await using var sim = await Start("e3131", dialResult);
        var log = new StringWriter();
        var result = Chat(sim, "ttyUSB0", Settings, log);
        Assert.Equal(ChatOutcome.DialFailed, result.Outcome);
        Assert.Contains($"ATD*99***1# was answered {answer}", result.Message);
        Assert.Contains(answer, log.ToString());
    }

    [Fact]
    public async Task A_port_left_in_data_mode_is_escaped_and_hung_up_before_dialling()
    {
        await using var sim = await Start("e3131", stuck: true);
        var first = Chat(sim, "ttyUSB0", Settings, new StringWriter());
        Assert.True(first.Connected, first.Message);
        // The port was closed mid-call (pppd killed): the stick stays in data mode and ignores AT.
        var log = new StringWriter();
        var second = Chat(sim, "ttyUSB0", Settings, log);
        Assert.True(second.Connected, $"{second.Outcome}: {second.Message}\n{log}");
        Assert.Contains("+++ -> OK, ATH -> OK", log.ToString());
    }

    /// <summary>The real role as pppd runs it: the port on stdin/stdout, messages on stderr, exit status for pppd.</summary>
    [Theory]
    [InlineData("connect", 0)]
    [InlineData("no-carrier", 4)]
    public async Task The_chat_role_dials_with_the_port_on_stdin_and_stdout(string dialResult, int expectedExit)
    {
        await using var sim = await Start("e367", dialResult);
        var exe = Path.Combine(AppContext.BaseDirectory, "huaweiwwan");
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec \"$0\" chat wan --apn internet --dial '*99#' --timeout 10 <>\"$1\" >&0");
        start.ArgumentList.Add(exe);
        start.ArgumentList.Add(sim.Paths.Dev("ttyUSB0"));
        using var chat = Process.Start(start)!;
        var stderr = chat.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        try { await chat.WaitForExitAsync(bound.Token); }
        catch (OperationCanceledException) { chat.Kill(); Assert.Fail("chat did not finish in 40 s"); }
        var log = await stderr;
        Assert.True(chat.ExitCode == expectedExit, $"exit {chat.ExitCode}: {log}");
        if (expectedExit == 0) Assert.Contains("CONNECT", log);
        else Assert.Contains("NO CARRIER", log);
        Assert.Contains("ATD*99#", sim.PortCommandLog.Where(c => c.Port == "ttyUSB0").Select(c => c.Line));
    }
}
