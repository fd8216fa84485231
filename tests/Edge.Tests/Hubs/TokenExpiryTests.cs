using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Edge.Scoreboards;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Hubs;

/// <summary>A hub connection lasts no longer than the token it was opened with.</summary>
[Collection(EdgeCollection.Name)]
public sealed class TokenExpiryTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(NotificationsHub.Path)]
    [InlineData(LiveHub.Path)]
    [InlineData(ScoreboardHub.Path)]
    public async Task AConnection_IsClosedWhenItsTokenExpires_WhileOneWithAValidTokenStaysOpen(string hubPath)
    {
        // Taken at the handshake (the server allows 30 s of clock skew when checking a token), then it runs out.
        var shortToken = _app.TokenFor("ops-short", Roles.Ops, expiresAt: DateTimeOffset.UtcNow.AddSeconds(3));
        await using var expiring = Connection(hubPath, shortToken);
        await using var valid = Connection(hubPath, _app.TokenFor("ops-long", Roles.Ops));
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        expiring.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await expiring.StartAsync(Cancel);
        await valid.StartAsync(Cancel);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20), Cancel);

        Assert.Equal(HubConnectionState.Disconnected, expiring.State);
        Assert.Equal(HubConnectionState.Connected, valid.State);
    }

    private HubConnection Connection(string hubPath, string token) => new HubConnectionBuilder()
        .WithUrl(new Uri(_app.BaseAddress, hubPath), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
        .Build();
}
