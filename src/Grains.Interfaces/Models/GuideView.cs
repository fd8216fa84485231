namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A guide with today's performance and how many customers they serve.</summary>
[GenerateSerializer, Immutable, Alias("pd.GuideView")]
public sealed record GuideView(
    [property: Id(0)] GuideProfile Profile,
    [property: Id(1)] GuidePerformance Today,
    [property: Id(2)] int Customers,
    [property: Id(3)] long Coins);
