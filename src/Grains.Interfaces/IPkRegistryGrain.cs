using System.Collections.Immutable;
using Orleans.Concurrency;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>The PKs not yet ended and whom they score (key: <see cref="Key"/>), so aggregators know where events go.</summary>
[Alias("pd.IPkRegistryGrain")]
public interface IPkRegistryGrain : IGrainWithStringKey
{
    public const string Key = "all";

    [Alias("Register")]
    Task Register(PkEntry pk);

    [Alias("Unregister")]
    Task Unregister(string pkId);

    [ReadOnly, Alias("Open")]
    Task<ImmutableArray<PkEntry>> Open();
}
