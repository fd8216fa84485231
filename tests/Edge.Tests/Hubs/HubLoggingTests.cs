using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Hubs;

/// <summary>What the Edge logs about refused calls and outages: refusals are the contract, not errors; an outage is not a warning per request.</summary>
public sealed class HubLoggingTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefusedCalls_OnHubsAndOverHttp_LogNoError()
    {
        using var logs = new LogCollector();
        await using var app = new EdgeApplication(logs: logs);
        await using var member = app.Connect(LiveHub.Path, "member-1", Roles.Member);
        await member.StartAsync(Cancel);

        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<HubException>(() => member.InvokeAsync<CommentPosted>("SendComment", TestIds.New("room"), $"c-{i}", "hi", Cancel));
            await Assert.ThrowsAsync<HubException>(() => member.InvokeAsync<RoomSnapshot>("JoinRoom", "bad id!", Cancel));
        }

        using var http = app.ClientAs("member-1", Roles.Member);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/stores/{TestIds.New("store")}", Cancel)).StatusCode);

        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public void AnOutage_IsOneWarningPerInterval_SayingHowManyMoreThereWere()
    {
        using var logs = new LogCollector();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var clock = new FakeTimeProvider();
        var unavailability = new UnavailabilityLog(factory.CreateLogger<UnavailabilityLog>(), clock);
        var outage = new TimeoutException("The cluster did not answer.");

        Parallel.For(0, 100, _ => unavailability.Report(outage));
        clock.Advance(UnavailabilityLog.Interval);
        unavailability.Report(outage);

        var warnings = logs.Entries.Where(e => e.Category == typeof(UnavailabilityLog).FullName).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Equal((LogLevel.Warning, outage), (w.Level, w.Exception)));
        Assert.Contains("(99 more since the last such warning)", warnings[1].Message);
    }

    [Fact]
    public async Task AnUnexpectedFailure_IsLoggedAsAnErrorNamingTheMethod_AndReachesSignalRAsIs()
    {
        using var logs = new LogCollector();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var filter = new HubErrorFilter(
            Options.Create(new LiveEdgeOptions()), TimeProvider.System, new UnavailabilityLog(factory.CreateLogger<UnavailabilityLog>(), TimeProvider.System), factory.CreateLogger<HubErrorFilter>());
        var bug = new InvalidOperationException("A bug in a hub method.");
        var invocation = new HubInvocationContext(new CallerContext(), new ServiceCollection().BuildServiceProvider(), new FailingHub(), typeof(FailingHub).GetMethod(nameof(FailingHub.Fail))!, []);

        // Rethrown: SignalR turns it into a generic error for the client, without the message.
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(async () => await filter.InvokeMethodAsync(invocation, _ => throw bug));

        Assert.Same(bug, thrown);
        var error = Assert.Single(logs.Entries);
        Assert.Equal((LogLevel.Error, "Hub method Fail failed", bug), (error.Level, error.Message, error.Exception));
    }

    private sealed class FailingHub : Hub
    {
        public Task Fail() => Task.CompletedTask;
    }

    private sealed class CallerContext : HubCallerContext
    {
        public override string ConnectionId => "connection-1";

        public override string? UserIdentifier => "member-1";

        public override System.Security.Claims.ClaimsPrincipal? User => null;

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = new Microsoft.AspNetCore.Http.Features.FeatureCollection();

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort()
        {
        }
    }
}
