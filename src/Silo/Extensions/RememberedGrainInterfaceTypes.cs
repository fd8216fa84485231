using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Metadata;
using Orleans.Serialization.TypeSystem;

namespace PrivateDomain.Realtime.Silo.Extensions;

/// <summary>
/// Each grain interface's Orleans type, found once per process. Orleans' <c>GetGrain&lt;T&gt;(key)</c> asks
/// <see cref="GrainInterfaceTypeResolver"/> for <c>T</c>'s interface type on every call, and the resolver finds it anew
/// each time: it reads <c>T</c>'s custom attributes, then formats its name. That made a reference cost about 2 µs
/// instead of 0.12, and the lookups 5% of the Edge's CPU at 320 checkouts a second (docs/benchmarks.md). The answer
/// is a fixed fact of the type, so this asks Orleans' own providers and conventions once and remembers it.
/// </summary>
public sealed class RememberedGrainInterfaceTypes(IEnumerable<IGrainInterfaceTypeProvider> providers, TypeConverter typeConverter) : IGrainInterfaceTypeProvider
{
    private readonly ConcurrentDictionary<Type, GrainInterfaceType> _remembered = new();

    /// <summary>
    /// What Orleans would have answered: its registered providers first, then its naming convention. (Held as one
    /// delegate: a method group passed to <c>GetOrAdd</c> would be a new one on every call.)
    /// </summary>
    private readonly Func<Type, GrainInterfaceType> _findOnce = new GrainInterfaceTypeResolver(providers, typeConverter).GetGrainInterfaceType;

    /// <summary>Whether <paramref name="type"/> was looked up here already.</summary>
    public bool Remembers(Type type) => _remembered.ContainsKey(type);

    public bool TryGetGrainInterfaceType(Type type, out GrainInterfaceType grainInterfaceType)
    {
        grainInterfaceType = _remembered.GetOrAdd(type, _findOnce);
        return true;
    }

    /// <summary>
    /// Makes the resolver that grain factories use ask this alone, in place of the one Orleans registered. Call it from
    /// the silo's or the client's builder, after Orleans has added its own services.
    /// </summary>
    public static void ReplaceResolver(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new RememberedGrainInterfaceTypes(
            sp.GetServices<IGrainInterfaceTypeProvider>(), sp.GetRequiredService<TypeConverter>()));
        services.Replace(ServiceDescriptor.Singleton(sp => new GrainInterfaceTypeResolver(
            [sp.GetRequiredService<RememberedGrainInterfaceTypes>()], sp.GetRequiredService<TypeConverter>())));
    }
}
