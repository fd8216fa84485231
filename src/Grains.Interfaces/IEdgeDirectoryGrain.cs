using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>The Edges alive now (key: <see cref="Key"/>). Each Edge re-registers periodically; silent ones drop out.</summary>
[Alias("pd.IEdgeDirectoryGrain")]
public interface IEdgeDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "edges";

    [Alias("Register")]
    Task Register(EdgeRegistration edge);

    [Alias("Unregister")]
    Task Unregister(string edgeId);

    [ReadOnly, Alias("GetEdges")]
    Task<ImmutableArray<EdgeRegistration>> GetEdges();
}
