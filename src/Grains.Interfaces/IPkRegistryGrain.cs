using System.Collections.Immutable;
using Orleans.Concurrency;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>
/// The PKs not yet ended and whom they score (key: <see cref="Key"/>), so aggregators know where events go; and the
/// latest ones to end, for their results.
/// </summary>
[Alias("pd.IPkRegistryGrain")]
public interface IPkRegistryGrain : IGrainWithStringKey
{
    public const string Key = "all";

    [Alias("Register")]
    Task Register(PkEntry pk);

    /// <summary>The PK has ended: no more events go to it, and it is listed among the latest to end.</summary>
    [Alias("Unregister")]
    Task Unregister(string pkId);

    [ReadOnly, Alias("Open")]
    Task<ImmutableArray<PkEntry>> Open();

    /// <summary>The latest PKs to end (a few dozen at most), the latest first.</summary>
    [ReadOnly, Alias("Ended")]
    Task<ImmutableArray<PkEntry>> Ended();
}
