namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>The roles a bearer token carries.</summary>
public static class Roles
{
    public const string Member = "member";
    public const string Guide = "guide";
    public const string Ops = "ops";

    /// <summary>A franchisee: the owner account of franchise stores (their <c>ownerAccountId</c>), signed in under that id.</summary>
    public const string Dealer = "dealer";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Member, Guide, Ops, Dealer };
}
