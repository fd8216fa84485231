using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Guides;

public sealed class TeamGrain(
    [PersistentState("team", StorageNames.GrainState)] IPersistentState<TeamState> state)
    : Grain, ITeamGrain
{
    public async Task<TeamProfile> Define(string name)
    {
        var profile = new TeamProfile(this.GetPrimaryKeyString(), name?.Trim() ?? "");
        profile.Validate().ThrowIfInvalid();
        if (profile != state.State.Profile)
        {
            state.State.Profile = profile;
            await state.WriteStateAsync();
        }

        return profile;
    }

    public Task<TeamProfile?> GetProfile() => Task.FromResult(state.State.Profile);
}
