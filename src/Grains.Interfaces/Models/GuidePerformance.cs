namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A guide's figures for one local day (in the configured time zone).</summary>
[GenerateSerializer, Immutable, Alias("pd.GuidePerformance")]
public sealed record GuidePerformance(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] long SalesAmount,
    [property: Id(2)] int Orders,
    [property: Id(3)] int NewMembers,
    [property: Id(4)] long Commission);
