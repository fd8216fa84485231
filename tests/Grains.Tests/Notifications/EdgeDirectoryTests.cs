using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Tests.Notifications;

[Collection(ClusterCollection.Name)]
public sealed class EdgeDirectoryTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task ActivatedAgain_TheDirectoryStillListsTheEdges_AndForgetsOneThatLeft()
    {
        var directory = _grains.GetGrain<IEdgeDirectoryGrain>(IEdgeDirectoryGrain.Key);
        await using var staying = new PushRecorder();
        var reference = _grains.CreateObjectReference<IUserPushObserver>(staying);
        await directory.Register(new EdgeRegistration("edge-staying", reference, HasBackplane: false, DateTimeOffset.UtcNow));
        await directory.Register(new EdgeRegistration("edge-leaving", reference, HasBackplane: true, DateTimeOffset.UtcNow));
        await directory.Unregister("edge-leaving");
        try
        {
            // As when its silo dies: whatever was only in memory is gone.
            await Activations.Deactivate(_grains, directory);

            var listed = (await directory.GetEdges()).Select(e => (e.EdgeId, e.HasBackplane, e.Users.GetGrainId())).ToList();
            Assert.Contains(("edge-staying", false, reference.GetGrainId()), listed);
            Assert.DoesNotContain(listed, e => e.EdgeId == "edge-leaving");
        }
        finally
        {
            await directory.Unregister("edge-staying");
        }
    }
}
