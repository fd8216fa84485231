namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>Members who chose this guide as exclusive guide, and when.</summary>
[GenerateSerializer, Alias("pd.GuideCustomersState")]
public sealed class GuideCustomersState
{
    [Id(0)]
    public Dictionary<string, DateTimeOffset> Customers { get; set; } = [];

    public GuideCustomersState Copy() => new() { Customers = new Dictionary<string, DateTimeOffset>(Customers) };
}
