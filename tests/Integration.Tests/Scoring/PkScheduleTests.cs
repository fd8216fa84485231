using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Integration.Tests.Scoring;

/// <summary>A PK's end is kept by a reminder in PostgreSQL: it settles on time even when its silo died meanwhile.</summary>
public sealed class PkScheduleTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pk_SettlesAtItsEnd_AfterTheSiloWasKilled_WithoutAnyoneAsking()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = TestIds.New("cluster");
        var settings = database.ClusterSettings(clusterId);
        settings["Scoring:PkSettleDelay"] = "00:00:01";
        var pkId = TestIds.New("pk");
        DateTimeOffset endsAt;
        int siloPort, gatewayPort;

        await using (var silo = SiloProcess.Start(settings))
        await using (var client = await ClusterClient.ConnectAsync(database.ConnectionString, clusterId))
        {
            var grains = client.Grains;
            await grains.GetGrain<IRegionGrain>("shanghai").Define("Shanghai");
            await grains.GetGrain<IStoreGrain>("sh-01").Define(new StoreProfile("sh-01", "Nanjing Road East", "shanghai", 31.2352, 121.48, "brand", StoreOwnership.Direct, true, true));
            await grains.GetGrain<IGuideGrain>("guide-li").Define(new GuideProfile("guide-li", "Li Fang", "sh-01", "team-a"));
            await grains.GetGrain<IGuideGrain>("guide-wang").Define(new GuideProfile("guide-wang", "Wang Min", "sh-01", "team-b"));

            // Timed from now, not from the test's start: starting a silo on a busy machine has taken longer than the PK.
            var now = DateTimeOffset.UtcNow;
            endsAt = now.AddSeconds(8);
            await grains.GetGrain<IPkGrain>(pkId).Create(new CreatePk("Sprint", PkMetric.Orders,
                [new PkParticipant("guide-li", PkParticipantKind.Guide, 5), new PkParticipant("guide-wang", PkParticipantKind.Guide, 5)],
                now.AddSeconds(-1), endsAt));
            await silo.KillAsync();
            (siloPort, gatewayPort) = (silo.SiloPort, silo.GatewayPort);
        }

        await using var restarted = SiloProcess.Start(settings, siloPort, gatewayPort);
        await using var after = await ClusterClient.ConnectAsync(database.ConnectionString, clusterId);

        // Nobody touches the PK: only its reminder can settle it, and settling removes the reminder. Its tick is due a
        // second after the end; a restarted silo that loads its reminders only after that (a slow start on a busy
        // machine) fires at the reminder's next period, up to a minute later — still the PK settling by itself.
        var waitUntil = endsAt.AddSeconds(90);
        var settleReminders = $"SELECT count(*) FROM OrleansRemindersTable WHERE ReminderName = 'pk-settle' AND GrainId LIKE '%{pkId}'";
        while (await database.ScalarAsync<long>(settleReminders) > 0 && DateTimeOffset.UtcNow < waitUntil)
        {
            await Task.Delay(250, Cancel);
        }

        Assert.Equal(0, await database.ScalarAsync<long>(settleReminders));
        var pk = await after.Grains.GetGrain<IPkGrain>(pkId).Get();
        Assert.Equal((PkStatus.Ended, true, null), (pk!.Status, pk.Tie, pk.WinnerId));
    }
}
