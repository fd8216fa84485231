namespace PrivateDomain.Realtime.Edge.Auth;

/// <summary>The claims our tokens carry. Inbound claim mapping is off, so these are the names handlers see.</summary>
public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Role = "role";
}
