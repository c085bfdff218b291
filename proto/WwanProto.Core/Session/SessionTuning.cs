namespace WwanProto.Core.Session;

/// <summary>
/// Timings that are not user options. Defaults follow huawei-modems.md §5 (timing reference);
/// tests shorten them so a reconnect test does not take a minute.
/// </summary>
public sealed record SessionTuning
{
    /// <summary>Per AT command bound for quick commands (queries, ATE0).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to keep retrying a modem that does not answer yet, when the `delay` option is 0.</summary>
    public TimeSpan MinBootWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Poll period while waiting for SIM, registration, ^NDISSTAT and ^DHCP (URCs cut it short).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Period of the connected-link health check (^NDISSTATQRY?, signal, operator).</summary>
    public TimeSpan SupervisionInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long registration may be lost while connected before the link counts as lost. A handover or cell
    /// reselection reports "searching" for a moment, and LTE re-establishment after a radio link failure
    /// runs on T311 (1-30 s, commonly 10 s): 15 s rides those out, yet ends a dead data path well before
    /// an application's TCP timeouts would.
    /// </summary>
    public TimeSpan RegistrationGrace { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Bound for ^DHCP?/^DHCPV6? to stop answering ERROR after the call is up (oFono: 20 x 1 s).</summary>
    public TimeSpan DhcpWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Bound for a stale call to drop after ^NDISDUP=&lt;cid&gt;,0 (trackIT waits 10 s).</summary>
    public TimeSpan StaleCallWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Reconnect/retry backoff bounds.</summary>
    public TimeSpan BackoffMin { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Everything the hang-up may take: netifd SIGKILLs the task 5 s after teardown starts.</summary>
    public TimeSpan HangupBudget { get; init; } = TimeSpan.FromSeconds(4);

    public static readonly SessionTuning Default = new();
}
