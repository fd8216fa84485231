namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A push to a member's own connections (<c>OrderUpdate</c> on /hubs/notifications).</summary>
[GenerateSerializer, Immutable, Alias("pd.OrderUpdate")]
public sealed record OrderUpdate(
    [property: Id(0)] string OrderId,
    [property: Id(1)] OrderStatus Status);
