using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Grains.Scoring;

/// <summary>
/// The PKs that have not ended, stored, so aggregators route events to them also after a restart; and the latest
/// ones to end, kept in the same state (marked ended, at most <see cref="EndedKept"/>) so operations can find their
/// results.
/// </summary>
public sealed class PkRegistryGrain(
    [PersistentState("pk-registry", StorageNames.GrainState)] IPersistentState<Dictionary<string, PkEntry>> registry) : Grain, IPkRegistryGrain
{
    public const int EndedKept = 50;

    private ImmutableArray<PkEntry>? _open;
    private ImmutableArray<PkEntry>? _ended;

    public async Task Register(PkEntry pk)
    {
        if (registry.State.GetValueOrDefault(pk.PkId) != pk)
        {
            registry.State[pk.PkId] = pk;
            await Write();
        }
    }

    public async Task Unregister(string pkId)
    {
        if (registry.State.GetValueOrDefault(pkId) is { Ended: false } pk)
        {
            registry.State[pkId] = pk with { Ended = true };
            var ended = registry.State.Values.Where(p => p.Ended);
            foreach (var forgotten in ended.OrderByDescending(p => p.EndsAt).ThenBy(p => p.PkId, StringComparer.Ordinal).Skip(EndedKept).ToList())
            {
                registry.State.Remove(forgotten.PkId);
            }

            await Write();
        }
    }

    public Task<ImmutableArray<PkEntry>> Open() => Task.FromResult(_open ??= [.. registry.State.Values.Where(p => !p.Ended)]);

    public Task<ImmutableArray<PkEntry>> Ended() => Task.FromResult(_ended ??=
        [.. registry.State.Values.Where(p => p.Ended).OrderByDescending(p => p.EndsAt).ThenBy(p => p.PkId, StringComparer.Ordinal)]);

    private Task Write()
    {
        _open = _ended = null;
        return registry.WriteStateAsync();
    }
}
