using PrivateDomain.Realtime.Grains.Effects;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Members;

[GenerateSerializer, Alias("pd.MemberState")]
public sealed class MemberState
{
    [Id(0)]
    public string? Name { get; set; }

    [Id(1)]
    public List<MemberIdentity> Identities { get; set; } = [];

    [Id(2)]
    public List<string> Tags { get; set; } = [];

    [Id(3)]
    public long PaidSpend { get; set; }

    [Id(4)]
    public long Points { get; set; }

    [Id(5)]
    public string? GuideId { get; set; }

    [Id(6)]
    public DateTimeOffset? GuideBoundAt { get; set; }

    [Id(7)]
    public string? LastStoreId { get; set; }

    [Id(8)]
    public Dictionary<string, Coupon> Coupons { get; set; } = [];

    /// <summary>Credited purchases by id (for idempotency), with when they were paid.</summary>
    [Id(9)]
    public Dictionary<string, DateTimeOffset> Purchases { get; set; } = [];

    /// <summary>When each SKU was last bought.</summary>
    [Id(10)]
    public Dictionary<string, DateTimeOffset> LastBought { get; set; } = [];

    /// <summary>Recent views per SKU (within the browse window).</summary>
    [Id(11)]
    public Dictionary<string, List<DateTimeOffset>> Views { get; set; } = [];

    /// <summary>When the guide was last alerted about each SKU.</summary>
    [Id(12)]
    public Dictionary<string, DateTimeOffset> Alerted { get; set; } = [];

    /// <summary>What a guide binding owes the guides (the new one's customer, the old one's loss), until delivered.</summary>
    [Id(13)]
    public List<Effect> Pending { get; set; } = [];
}
