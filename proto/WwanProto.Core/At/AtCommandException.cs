namespace WwanProto.Core.At;

/// <summary>A command did not end in OK: the message names the command and the modem's answer.</summary>
public sealed class AtCommandException(AtResponse response, string? context = null)
    : Exception(context is null ? response.Describe() : $"{context}: {response.Describe()}")
{
    public AtResponse Response { get; } = response;
}

public static class AtResponseExtensions
{
    /// <summary>Returns the response when it is OK, throws <see cref="AtCommandException"/> otherwise.</summary>
    public static AtResponse EnsureOk(this AtResponse response, string? context = null) =>
        response.IsOk ? response : throw new AtCommandException(response, context);
}

public static class AtChannelExtensions
{
    /// <summary>Sends with the bound of the command's class (<see cref="AtTimeouts.For"/>).</summary>
    public static Task<AtResponse> SendAsync(this IAtChannel channel, string command, CancellationToken cancellationToken = default) =>
        channel.SendAsync(command, AtTimeouts.For(command), cancellationToken);
}
