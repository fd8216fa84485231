using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Realtime.Grains.Orders;

/// <summary>Section <c>Settlement</c>: how a paid order's money is split.</summary>
public sealed class SettlementOptions
{
    public const string Section = "Settlement";

    [Required(ErrorMessage = "Settlement:BrandAccountId is required.")]
    public string BrandAccountId { get; set; } = "brand";

    /// <summary>The attributed guide's commission, as a share of the order total.</summary>
    [Range(0, 0.5, ErrorMessage = "Settlement:CommissionRate must be between 0 and 0.5.")]
    public decimal CommissionRate { get; set; } = 0.03m;

    /// <summary>The brand's share of what a franchise store sells (after commission); the owner account gets the rest.</summary>
    [Range(0, 1, ErrorMessage = "Settlement:FranchiseBrandShare must be between 0 and 1.")]
    public decimal FranchiseBrandShare { get; set; } = 0.10m;

    /// <summary>The brand's share of what a directly run store sells; 1 sends all of it to the brand account.</summary>
    [Range(0, 1, ErrorMessage = "Settlement:DirectBrandShare must be between 0 and 1.")]
    public decimal DirectBrandShare { get; set; } = 1m;

    public string GuideAccountId(string guideId) => $"guide:{guideId}";
}
