using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>
/// A guide's follow-ups, stored whole: each lapses with the member's browse window (a week), and at most
/// <see cref="MaxKept"/> are kept, so the state stays small however long the guide works.
/// </summary>
public sealed class GuideFollowUpsGrain(
    [PersistentState("guide-follow-ups", StorageNames.GrainState)] IPersistentState<Dictionary<string, FollowUp>> followUps,
    TimeProvider time) : Grain, IGuideFollowUpsGrain
{
    public const int MaxKept = 200;

    public async Task Add(FollowUp followUp)
    {
        var key = KeyOf(followUp.MemberId, followUp.Sku);
        if (followUps.State.GetValueOrDefault(key) == followUp)
        {
            return;
        }

        followUps.State[key] = followUp;
        var now = time.GetUtcNow();
        var forgotten = followUps.State
            .OrderByDescending(f => f.Value.At).ThenBy(f => f.Key, StringComparer.Ordinal)
            .Where((f, latest) => f.Value.ExpiresAt <= now || latest >= MaxKept)
            .Select(f => f.Key)
            .ToList();
        foreach (var gone in forgotten)
        {
            followUps.State.Remove(gone);
        }

        await followUps.WriteStateAsync();
    }

    public Task<ImmutableArray<FollowUp>> List()
    {
        var now = time.GetUtcNow();
        return Task.FromResult<ImmutableArray<FollowUp>>([.. followUps.State
            .Where(f => f.Value.ExpiresAt > now)
            .OrderByDescending(f => f.Value.At).ThenBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => f.Value)]);
    }

    public async Task Remove(string memberId, string sku)
    {
        if (followUps.State.Remove(KeyOf(memberId, sku)))
        {
            await followUps.WriteStateAsync();
        }
    }

    public async Task RemoveMember(string memberId)
    {
        var theirs = followUps.State.Where(f => f.Value.MemberId == memberId).Select(f => f.Key).ToList();
        if (theirs.Count > 0)
        {
            theirs.ForEach(key => followUps.State.Remove(key));
            await followUps.WriteStateAsync();
        }
    }

    // Ids never hold a line break (Validation.IsValidId).
    private static string KeyOf(string memberId, string sku) => memberId + "\n" + sku;
}
