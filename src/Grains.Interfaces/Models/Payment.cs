namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

[GenerateSerializer, Immutable, Alias("pd.Payment")]
public sealed record Payment(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] long Amount,
    [property: Id(2)] DateTimeOffset PaidAt);
