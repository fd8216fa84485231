namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A payment for an order; idempotent on <see cref="PaymentId"/>.</summary>
[GenerateSerializer, Immutable, Alias("pd.PayOrder")]
public sealed record PayOrder(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] long Amount);
