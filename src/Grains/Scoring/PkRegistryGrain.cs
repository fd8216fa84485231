using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Grains.Scoring;

/// <summary>The PKs that have not ended, stored, so aggregators route events to them also after a restart.</summary>
public sealed class PkRegistryGrain(
    [PersistentState("pk-registry", StorageNames.GrainState)] IPersistentState<Dictionary<string, PkEntry>> open) : Grain, IPkRegistryGrain
{
    private ImmutableArray<PkEntry>? _list;

    public async Task Register(PkEntry pk)
    {
        if (open.State.GetValueOrDefault(pk.PkId) != pk)
        {
            open.State[pk.PkId] = pk;
            _list = null;
            await open.WriteStateAsync();
        }
    }

    public async Task Unregister(string pkId)
    {
        if (open.State.Remove(pkId))
        {
            _list = null;
            await open.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<PkEntry>> Open() => Task.FromResult(_list ??= [.. open.State.Values]);
}
