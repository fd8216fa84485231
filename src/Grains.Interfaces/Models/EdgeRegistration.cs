namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// A live Edge. <see cref="HasBackplane"/>: it can reach every user through Redis, so one such Edge suffices for a
/// user push; without it every Edge delivers to its own connections.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.EdgeRegistration")]
public sealed record EdgeRegistration(
    [property: Id(0)] string EdgeId,
    [property: Id(1)] IUserPushObserver Users,
    [property: Id(2)] bool HasBackplane,
    [property: Id(3)] DateTimeOffset SeenAt);
