namespace PrivateDomain.Realtime.Grains.Members;

[GenerateSerializer, Alias("pd.IdentityState")]
public sealed class IdentityState
{
    [Id(0)]
    public string? MemberId { get; set; }
}
