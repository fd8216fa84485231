namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

[GenerateSerializer, Immutable, Alias("pd.GuideCustomer")]
public sealed record GuideCustomer(
    [property: Id(0)] string MemberId,
    [property: Id(1)] DateTimeOffset BoundAt);
