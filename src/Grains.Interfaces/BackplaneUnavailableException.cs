namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>
/// An Edge asked to push to a user through the Redis backplane while its backplane is not connected: nothing was sent
/// (it is not tried), so the sender may have every Edge deliver to its own connections instead without a duplicate.
/// </summary>
[GenerateSerializer, Alias("pd.BackplaneUnavailableException")]
public sealed class BackplaneUnavailableException : Exception
{
    public BackplaneUnavailableException(string message)
        : base(message)
    {
    }
}
