using Orleans.Concurrency;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>One identity (key: <c>{channel}:{id}</c>) and the one member it belongs to.</summary>
[Alias("pd.IIdentityGrain")]
public interface IIdentityGrain : IGrainWithStringKey
{
    /// <summary>Claims the identity for <paramref name="memberId"/>; answers the owner afterwards (another member if already claimed).</summary>
    [Alias("Claim")]
    Task<string> Claim(string memberId);

    /// <summary>Gives the identity up, if <paramref name="memberId"/> holds it.</summary>
    [Alias("Release")]
    Task Release(string memberId);

    /// <summary>The member the identity belongs to, if any (a claim its member never stored is dropped on the way).</summary>
    [Alias("GetOwner")]
    Task<string?> GetOwner();
}
