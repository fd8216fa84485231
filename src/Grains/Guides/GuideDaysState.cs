namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>The guide's figures per local day.</summary>
[GenerateSerializer, Alias("pd.GuideDaysState")]
public sealed class GuideDaysState
{
    [Id(0)]
    public Dictionary<DateOnly, GuideDay> Days { get; set; } = [];

    public GuideDaysState Copy() => new() { Days = Days.ToDictionary(d => d.Key, d => d.Value.Copy()) };
}
