namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>An adjustment already applied, remembered so a retry with the same id changes nothing.</summary>
[GenerateSerializer, Immutable, Alias("pd.AppliedAdjustment")]
public sealed record AppliedAdjustment(
    [property: Id(0)] string StoreId,
    [property: Id(1)] long Delta,
    [property: Id(2)] DateTimeOffset At);
