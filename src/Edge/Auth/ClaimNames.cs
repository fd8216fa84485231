namespace PrivateDomain.Realtime.Edge.Auth;

/// <summary>The claims our tokens carry. Inbound claim mapping is off, so these are the names handlers see.</summary>
public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Role = "role";

    /// <summary>
    /// An identity the sign-in proved the member holds, as <c>{channel}:{id}</c> (one claim each): a member may add to
    /// their profile only identities their token vouches for, so nobody can claim someone else's openid or phone first.
    /// </summary>
    public const string Identity = "identity";
}
