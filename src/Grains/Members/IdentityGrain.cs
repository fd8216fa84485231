using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Grains.Members;

/// <summary>One identity and its one member: the grain's single-threaded turns make "first claim wins" exact.</summary>
public sealed class IdentityGrain(
    [PersistentState("identity", StorageNames.GrainState)] IPersistentState<IdentityState> state)
    : Grain, IIdentityGrain
{
    public async Task<string> Claim(string memberId)
    {
        if (state.State.MemberId is null)
        {
            state.State.MemberId = memberId;
            await state.WriteStateAsync();
        }

        return state.State.MemberId;
    }

    public async Task Release(string memberId)
    {
        if (state.State.MemberId == memberId)
        {
            state.State.MemberId = null;
            await state.WriteStateAsync();
        }
    }

    public Task<string?> GetOwner() => Task.FromResult(state.State.MemberId);
}
