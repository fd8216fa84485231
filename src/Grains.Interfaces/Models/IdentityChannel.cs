namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>The channels a member can be known by.</summary>
public static class IdentityChannel
{
    public const string MiniProgramOpenId = "openid";
    public const string WeChatUnionId = "unionid";
    public const string Phone = "phone";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { MiniProgramOpenId, WeChatUnionId, Phone };
}
