using System.Collections.Concurrent;
using Orleans.Metadata;

namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>
/// Grain references for the routes members call at flash-sale rates. Orleans' <c>GetGrain&lt;T&gt;(key)</c> reads
/// <c>T</c>'s attributes on every call to find its grain interface type: 3–4% of the Edge's CPU on the reservation
/// route. That type is a fixed fact of <c>T</c>, found once here. The grain type still comes from the cluster's type
/// map on every call (a dictionary lookup); while the map does not know it yet (a client Edge before a silo with that
/// grain joins), this falls back to <c>GetGrain</c>, which handles that case.
/// </summary>
public sealed class GrainReferences(
    IGrainFactory grains, GrainInterfaceTypeResolver interfaceTypes, GrainInterfaceTypeToGrainTypeResolver grainTypes)
{
    private readonly ConcurrentDictionary<Type, GrainInterfaceType> _interfaceTypes = new();

    // Held once: a method group passed to GetOrAdd would be a new delegate on every call.
    private readonly Func<Type, GrainInterfaceType> _findInterfaceType = interfaceTypes.GetGrainInterfaceType;

    public T Get<T>(string key) where T : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var interfaceType = _interfaceTypes.GetOrAdd(typeof(T), _findInterfaceType);
        return grainTypes.TryGetGrainType(interfaceType, out var grainType)
            ? (T)grains.GetGrain(GrainId.Create(grainType, key), interfaceType)
            : grains.GetGrain<T>(key);
    }
}
