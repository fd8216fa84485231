namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>A guide's figures for one local day, and the sales already counted in it.</summary>
[GenerateSerializer, Alias("pd.GuideDay")]
public sealed class GuideDay
{
    [Id(0)]
    public long SalesAmount { get; set; }

    [Id(1)]
    public int Orders { get; set; }

    [Id(2)]
    public int NewMembers { get; set; }

    [Id(3)]
    public long Commission { get; set; }

    [Id(4)]
    public HashSet<string> SaleIds { get; set; } = [];

    public GuideDay Copy() => new()
    {
        SalesAmount = SalesAmount,
        Orders = Orders,
        NewMembers = NewMembers,
        Commission = Commission,
        SaleIds = [.. SaleIds],
    };
}
