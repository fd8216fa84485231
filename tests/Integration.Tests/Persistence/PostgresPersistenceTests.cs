using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Silo.Persistence;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Integration.Tests.Persistence;

public sealed class PostgresPersistenceTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StoreWrittenOnPostgreSQL_IsStillThereAfterTheSiloRestarts_InItsRegionAndOnItsOwnersList()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = TestIds.New("cluster");
        var store = new StoreProfile("sh-restart", "Shanghai Xintiandi", "shanghai", 31.2197, 121.4752, "dealer-7", StoreOwnership.Franchise, true, true);

        await using (var first = PostgresEdge.Start(database, clusterId))
        {
            using var ops = first.ClientAs("ops-1", Roles.Ops);
            (await ops.PutAsJsonAsync("/api/regions/shanghai", new { name = "Shanghai" }, Cancel)).EnsureSuccessStatusCode();
            (await ops.PutAsJsonAsync("/api/stores/sh-restart", store, Cancel)).EnsureSuccessStatusCode();
        }

        await using var second = PostgresEdge.Start(database, clusterId);
        using var member = second.ClientAs("member-1", Roles.Member);

        Assert.Equal(store, await member.GetFromJsonAsync<StoreProfile>("/api/stores/sh-restart", Cancel));
        var nearest = await member.GetFromJsonAsync<NearbyStore[]>("/api/stores/nearest?regionId=shanghai&latitude=31.22&longitude=121.47", Cancel);
        Assert.Equal("sh-restart", Assert.Single(nearest!).Store.StoreId);
        using var franchisee = second.ClientAs("dealer-7", Roles.Dealer);
        Assert.Equal(store, Assert.Single((await franchisee.GetFromJsonAsync<AccountStores>("/api/accounts/dealer-7/stores", Cancel))!.Stores));
    }

    [Fact]
    public async Task GuidesTask_OnPostgreSQL_KeepsWhatCountedAcrossARestart_SoARepeatedForwardCountsOnce()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = TestIds.New("cluster");
        var tasks = "/api/guides/guide-7/tasks";

        await using (var first = PostgresEdge.Start(database, clusterId))
        {
            using var ops = first.ClientAs("ops-1", Roles.Ops);
            (await ops.PutAsJsonAsync("/api/regions/shanghai", new { name = "Shanghai" }, Cancel)).EnsureSuccessStatusCode();
            (await ops.PutAsJsonAsync("/api/stores/sh-1", new { name = "Xintiandi", regionId = "shanghai", latitude = 31.2197, longitude = 121.4752, ownerAccountId = "brand", ownership = "direct" }, Cancel)).EnsureSuccessStatusCode();
            (await ops.PutAsJsonAsync("/api/guides/guide-7", new { name = "Li Fang", storeId = "sh-1", teamId = "team-a" }, Cancel)).EnsureSuccessStatusCode();
            (await ops.PostAsJsonAsync(tasks, new { taskId = "spring", kind = "forward-material", title = "Spring material", target = 2, coins = 30, dueAt = DateTimeOffset.UtcNow.AddDays(3) }, Cancel)).EnsureSuccessStatusCode();
            using var guide = first.ClientAs("guide-7", Roles.Guide);
            (await guide.PostAsJsonAsync($"{tasks}/spring/forwards", new { forwardId = "fw-1" }, Cancel)).EnsureSuccessStatusCode();
        }

        await using var second = PostgresEdge.Start(database, clusterId);
        using var again = second.ClientAs("guide-7", Roles.Guide);
        var repeated = await (await again.PostAsJsonAsync($"{tasks}/spring/forwards", new { forwardId = "fw-1" }, Cancel)).Content.ReadFromJsonAsync<GuideTask>(Cancel);
        var done = await (await again.PostAsJsonAsync($"{tasks}/spring/forwards", new { forwardId = "fw-2" }, Cancel)).Content.ReadFromJsonAsync<GuideTask>(Cancel);

        Assert.Equal((1, GuideTaskStatus.Open), (repeated!.Progress, repeated.Status));
        Assert.Equal((2, GuideTaskStatus.Done), (done!.Progress, done.Status));
        Assert.Equal(30, (await again.GetFromJsonAsync<GuideView>("/api/guides/guide-7", Cancel))!.Coins);
    }

    [Fact]
    public async Task GuidesFollowUp_OnPostgreSQL_IsStillThereAfterTheSiloRestarts()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = TestIds.New("cluster");

        await using (var first = PostgresEdge.Start(database, clusterId))
        {
            using var ops = first.ClientAs("ops-1", Roles.Ops);
            (await ops.PutAsJsonAsync("/api/regions/shanghai", new { name = "Shanghai" }, Cancel)).EnsureSuccessStatusCode();
            (await ops.PutAsJsonAsync("/api/stores/sh-1", new { name = "Xintiandi", regionId = "shanghai", latitude = 31.2197, longitude = 121.4752, ownerAccountId = "brand", ownership = "direct" }, Cancel)).EnsureSuccessStatusCode();
            (await ops.PutAsJsonAsync("/api/skus/serum", new { name = "Hydrating Serum 30ml", listPrice = 32_900 }, Cancel)).EnsureSuccessStatusCode();
            (await ops.PutAsJsonAsync("/api/guides/guide-7", new { name = "Li Fang", storeId = "sh-1", teamId = "team-a" }, Cancel)).EnsureSuccessStatusCode();
            using var member = first.ClientAs("member-1", Roles.Member);
            (await member.PutAsJsonAsync("/api/members/member-1", new { name = "Chen Jing" }, Cancel)).EnsureSuccessStatusCode();
            (await member.PostAsJsonAsync("/api/members/member-1/guide", new { guideId = "guide-7" }, Cancel)).EnsureSuccessStatusCode();
            for (var view = 0; view < 3; view++)
            {
                (await member.PostAsJsonAsync("/api/members/member-1/browse", new { sku = "serum", storeId = "sh-1" }, Cancel)).EnsureSuccessStatusCode();
            }
        }

        // The guide was not connected when the alert was pushed, and opens the app after the restart.
        await using var second = PostgresEdge.Start(database, clusterId);
        using var guide = second.ClientAs("guide-7", Roles.Guide);
        var followUp = Assert.Single((await guide.GetFromJsonAsync<FollowUp[]>("/api/guides/guide-7/follow-ups", Cancel))!);
        Assert.Equal(("member-1", "Chen Jing", "serum", 3), (followUp.MemberId, followUp.MemberName, followUp.Sku, followUp.Views));
    }

    [Fact]
    public async Task Schema_CreatedConcurrentlyByManySilos_IsCreatedOnceWithoutErrors()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var schema = new PostgresSchema(dataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresSchema>.Instance);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => schema.EnsureCreatedAsync(Cancel)));
        await schema.EnsureCreatedAsync(Cancel);

        var keys = await database.ScalarAsync<string>("SELECT string_agg(QueryKey, ',' ORDER BY QueryKey) FROM OrleansQuery");
        string[] providersNeed =
        [
            // clustering
            "CleanupDefunctSiloEntriesKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey", "InsertMembershipKey",
            "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
            // grain state
            "ClearStorageKey", "ReadFromStorageKey", "WriteToStorageKey",
            // reminders
            "DeleteReminderRowKey", "DeleteReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
            "ReadReminderRowsKey", "UpsertReminderRowKey",
        ];
        Assert.Equal(providersNeed.Order(StringComparer.Ordinal), keys!.Split(',').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GrainStorage_WriteWithStaleETag_IsRejectedAndReadReturnsTheLastWrite()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var app = PostgresEdge.Start(database, TestIds.New("cluster"));
        var storage = app.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.GrainState);
        var grainId = GrainId.Create("test", TestIds.New("grain"));
        var first = new GrainState<RegionProfile>(new RegionProfile("r", "First"));

        await storage.WriteStateAsync("region", grainId, first);
        var stale = new GrainState<RegionProfile>(new RegionProfile("r", "Stale"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("region", grainId, stale));
        first.State = new RegionProfile("r", "Second");
        await storage.WriteStateAsync("region", grainId, first);

        var read = new GrainState<RegionProfile>();
        await storage.ReadStateAsync("region", grainId, read);
        Assert.Equal(new RegionProfile("r", "Second"), read.State);
        Assert.True(read.RecordExists);
        Assert.Equal(first.ETag, read.ETag);

        await storage.ClearStateAsync("region", grainId, read);
        var cleared = new GrainState<RegionProfile>();
        await storage.ReadStateAsync("region", grainId, cleared);
        Assert.False(cleared.RecordExists);
    }

    [Fact]
    public async Task ReminderTable_RoundTripsRowsAndHonoursETags()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var app = PostgresEdge.Start(database, TestIds.New("cluster"));
        var table = app.Services.GetRequiredService<IReminderTable>();
        var grainId = GrainId.Create("test", TestIds.New("grain"));
        var start = new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);

        var etag = await table.UpsertRow(new ReminderEntry { GrainId = grainId, ReminderName = "expiry", StartAt = start, Period = TimeSpan.FromMinutes(1) }, Cancel);
        var row = await table.ReadRow(grainId, "expiry", Cancel);
        var all = await table.ReadRows(0, 0, Cancel);

        Assert.NotNull(etag);
        Assert.NotNull(row);
        Assert.Equal(start, row.StartAt);
        Assert.Equal(TimeSpan.FromMinutes(1), row.Period);
        Assert.Contains(all.Reminders, r => r.GrainId == grainId);
        Assert.False(await table.RemoveRow(grainId, "expiry", etag + "9", Cancel));
        Assert.True(await table.RemoveRow(grainId, "expiry", etag, Cancel));
        Assert.Empty((await table.ReadRows(grainId, Cancel)).Reminders);
    }
}
