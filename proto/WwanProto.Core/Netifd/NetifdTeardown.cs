using WwanProto.Core.At;

namespace WwanProto.Core.Netifd;

/// <summary>
/// netifd's `teardown`. It never notifies (netifd refuses updates during teardown, and takes the
/// interface down itself when we exit), finishes well inside netifd's 5 s deadline, and is idempotent.
/// While the session runs (no $ERROR), the session hangs up itself on the SIGTERM netifd sends after
/// teardown — we must not touch its port. When the session already ended ($ERROR set: it crashed, was
/// killed, or gave up), nobody hung up: a call still up would make the next ^NDISDUP fail, so we end it
/// with ^NDISDUP=&lt;cid&gt;,0 on the control port it recorded. Then the root-only files go.
/// </summary>
public static class NetifdTeardown
{
    /// <summary>All of teardown's own work; netifd SIGKILLs at 5 s.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    public static int Run(HandlerCall call, TextWriter log, Func<string, IAtChannel>? openPort = null) =>
        RunAsync(call, SystemPaths.FromEnvironment(), Environment.GetEnvironmentVariable("ERROR"), log, openPort, CancellationToken.None)
            .GetAwaiter().GetResult();

    public static async Task<int> RunAsync(HandlerCall call, SystemPaths paths, string? sessionExit, TextWriter log,
        Func<string, IAtChannel>? openPort, CancellationToken cancellationToken)
    {
        if (!NetifdSetup.ValidInterfaceName(call.Interface))
        {
            log.WriteLine($"teardown: interface name '{call.Interface}' is not a netifd interface name");
            return 2;
        }
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        var state = LinkState.Read(paths, call.Interface);
        if (sessionExit is not null)
        {
            log.WriteLine($"teardown: the session ended with status {sessionExit}");
            if (state is { Connected: true, LinkType: "ncm", ControlPort: { } port } && openPort is not null)
                await HangUpStaleCallAsync(port, state.Cid, openPort, log, budget.Token).ConfigureAwait(false);
        }
        SessionConfigFile.Delete(paths, call.Interface);
        LinkState.Delete(paths, call.Interface);
        return 0;
    }

    private static async Task HangUpStaleCallAsync(string port, int cid, Func<string, IAtChannel> openPort, TextWriter log, CancellationToken ct)
    {
        if (!File.Exists(port))
        {
            log.WriteLine($"teardown: {port} is gone; the modem dropped the call itself");
            return;
        }
        var command = $"AT^NDISDUP={cid},0";
        try
        {
            await using var at = openPort(port);
            var answer = await at.SendAsync(command, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            // ERROR is the normal answer of some firmware when no call is up (huawei-modems.md §4).
            log.WriteLine($"teardown: hung up the call the session left on {port}: {answer.Describe()}");
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or UnauthorizedAccessException or InvalidOperationException)
        {
            log.WriteLine($"teardown: could not hang up on {port} ({command}): {e.Message}");
        }
    }
}
