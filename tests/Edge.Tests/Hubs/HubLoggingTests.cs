using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using PrivateDomain.Realtime.Edge.Errors;
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
    public async Task AnOutage_IsOneWarningPerInterval_SayingHowManyMoreThereWere()
    {
        using var logs = new LogCollector();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var unavailability = new UnavailabilityLog(factory.CreateLogger<UnavailabilityLog>());
        var outage = new TimeoutException("The cluster did not answer.");

        Parallel.For(0, 100, _ => unavailability.Report(outage));
        await Task.Delay(UnavailabilityLog.Interval + TimeSpan.FromMilliseconds(200), Cancel);
        unavailability.Report(outage);

        var warnings = logs.Entries.Where(e => e.Category == typeof(UnavailabilityLog).FullName).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Equal((LogLevel.Warning, outage), (w.Level, w.Exception)));
        Assert.Contains("(99 more since the last such warning)", warnings[1].Message);
    }
}
