using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>Section <c>Guides</c>.</summary>
public sealed class GuideOptions
{
    public const string Section = "Guides";

    /// <summary>Days of figures a guide keeps (and of sale ids it remembers, so a late repeated delivery counts once).</summary>
    [Range(2, 400, ErrorMessage = "Guides:HistoryDays must be between 2 and 400.")]
    public int HistoryDays { get; set; } = 8;
}
