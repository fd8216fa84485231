using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Members;

/// <summary>One identity and its one member: the grain's single-threaded turns make "first claim wins" exact.</summary>
/// <remarks>
/// A member claims an identity before storing it (so two members never both store one), and its write can then fail.
/// A claim not yet seen stored is therefore checked with its member whenever someone relies on it, and dropped when
/// the member does not hold it: else the identity stayed claimed by a member who never stored it, refused to every
/// other member for good.
/// </remarks>
public sealed class IdentityGrain(
    [PersistentState("identity", StorageNames.GrainState)] IPersistentState<IdentityState> state)
    : Grain, IIdentityGrain
{
    public async Task<string> Claim(string memberId)
    {
        if (state.State.MemberId != memberId && await Owner() is null)
        {
            state.State.MemberId = memberId;
            state.State.Stored = false;
            await state.WriteStateAsync();
        }

        return state.State.MemberId!;
    }

    public async Task Release(string memberId)
    {
        if (state.State.MemberId == memberId)
        {
            state.State.MemberId = null;
            state.State.Stored = false;
            await state.WriteStateAsync();
        }
    }

    public Task<string?> GetOwner() => Owner();

    private async Task<string?> Owner()
    {
        if (state.State is not { MemberId: { } owner, Stored: false })
        {
            return state.State.MemberId;
        }

        switch (await GrainFactory.GetGrain<IMemberGrain>(owner).HoldsIdentity(this.GetPrimaryKeyString()))
        {
            case IdentityHolding.BeingStored:
                return owner;
            case IdentityHolding.Stored:
                state.State.Stored = true;
                break;
            default:
                state.State.MemberId = null;
                break;
        }

        await state.WriteStateAsync();
        return state.State.MemberId;
    }
}
