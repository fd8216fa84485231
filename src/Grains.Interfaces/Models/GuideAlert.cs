namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A push to a guide's own connections (<c>GuideAlert</c> on /hubs/notifications).</summary>
[GenerateSerializer, Immutable, Alias("pd.GuideAlert")]
public sealed record GuideAlert(
    [property: Id(0)] GuideAlertKind Kind,
    [property: Id(1)] string Text,
    [property: Id(2)] string? MemberId = null,
    [property: Id(3)] string? Sku = null,
    [property: Id(4)] string? OrderId = null,
    [property: Id(5)] string? TaskId = null);
