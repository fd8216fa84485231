namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// A member their guide should follow up on: they looked at <see cref="Sku"/> <see cref="Views"/> times within the browse
/// window without buying it (the <c>browse-without-buy</c> alert, kept until <see cref="ExpiresAt"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.FollowUp")]
public sealed record FollowUp(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string MemberName,
    [property: Id(2)] string Sku,
    [property: Id(3)] int Views,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] DateTimeOffset ExpiresAt);
