namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>
/// A guide's customers as they were stored before 2026-12-01 (one grain state). Read only to move them to
/// <see cref="IGuideCustomerStore"/> rows on the guide's first activation after the upgrade.
/// </summary>
[GenerateSerializer, Alias("pd.GuideCustomersState")]
public sealed class GuideCustomersState
{
    [Id(0)]
    public Dictionary<string, DateTimeOffset> Customers { get; set; } = [];
}
