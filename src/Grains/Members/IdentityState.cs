namespace PrivateDomain.Realtime.Grains.Members;

[GenerateSerializer, Alias("pd.IdentityState")]
public sealed class IdentityState
{
    [Id(0)]
    public string? MemberId { get; set; }

    /// <summary>Whether <see cref="MemberId"/> was seen to have stored the identity, after which the claim is never checked again.</summary>
    [Id(1)]
    public bool Stored { get; set; }
}
