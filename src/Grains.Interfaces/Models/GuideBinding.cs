namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A member's exclusive guide after a scan: <see cref="Changed"/> is false when an earlier binding stood.</summary>
[GenerateSerializer, Immutable, Alias("pd.GuideBinding")]
public sealed record GuideBinding(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string GuideId,
    [property: Id(2)] DateTimeOffset BoundAt,
    [property: Id(3)] bool Changed);
