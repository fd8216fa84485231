namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>One way a member is known: mini-program openid, WeChat unionid or phone number.</summary>
[GenerateSerializer, Immutable, Alias("pd.MemberIdentity")]
public sealed record MemberIdentity(
    [property: Id(0)] string Channel,
    [property: Id(1)] string Id)
{
    public const int MaxIdLength = 128;

    /// <summary>Identities one member holds: a person has a few (an openid per mini-program, a unionid, a phone or two).</summary>
    public const int MaxPerMember = 20;

    /// <summary>What <see cref="IsValid"/> asks, said to a caller that broke it.</summary>
    public static readonly string Rule =
        $"each identity needs a channel ({string.Join(", ", IdentityChannel.All)}) and an id of 1-{MaxIdLength} visible characters.";

    /// <summary>The key of the identity's claim grain.</summary>
    public string Key => $"{Channel}:{Id}";

    public static bool IsValid(string? channel, string? id) => IsValidChannel(channel) && IsValidId(id);

    public static bool IsValidChannel(string? channel) => channel is not null && IdentityChannel.All.Contains(channel);

    public static bool IsValidId(string? id) => !string.IsNullOrWhiteSpace(id) && id.Length <= MaxIdLength && id.All(c => c > ' ' && c < 127);
}
