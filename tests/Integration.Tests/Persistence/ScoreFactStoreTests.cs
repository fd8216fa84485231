using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Silo.Persistence;

namespace PrivateDomain.Realtime.Integration.Tests.Persistence;

public sealed class ScoreFactStoreTests
{
    private const string Boards = "today";
    private static readonly DateOnly Today = new(2026, 11, 30);
    private static readonly DateOnly Yesterday = Today.AddDays(-1);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Saves_KeepTheLargestOfEachFigure_LoadOneDay_AndForgetOlderDays()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var dataSource = database.DataSource;
        var store = Store(dataSource, "service-a");

        await store.SaveAsync(Boards, [Guide("g-li", "Li", Today, sales: 100, orders: 1), Guide("g-wang", "Wang", Today, sales: 50, orders: 1),
            Fact(ScoreSubject.Store, "s-nanjing", "Nanjing Road", Today, null, sales: 150, orders: 2), Guide("g-li", "Li", Yesterday, sales: 999, orders: 9)], Cancel);

        // A late report (less in sales) must not lower what is stored; its larger order count and new name win.
        await store.SaveAsync(Boards, [Guide("g-li", "Li Fang", Today, sales: 80, orders: 2) with { TeamId = "team-jingan" }], Cancel);
        await store.SaveAsync(Boards, [Guide("g-li", "Li Fang", Today, sales: 80, orders: 2) with { TeamId = "team-jingan" }], Cancel);

        var today = (await store.LoadAsync(Boards, Today, Cancel)).ToDictionary(f => f.Key);
        Assert.Equal(["Guide:g-li", "Guide:g-wang", "Store:s-nanjing"], today.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("Li Fang", "team-jingan", 100L, 2L), (today["Guide:g-li"].Name, today["Guide:g-li"].TeamId, today["Guide:g-li"].Sales, today["Guide:g-li"].Orders));
        Assert.Equal(150, today["Store:s-nanjing"].Sales);
        Assert.Null(today["Store:s-nanjing"].TeamId);
        Assert.Single(await store.LoadAsync(Boards, Yesterday, Cancel));
        Assert.Empty(await store.LoadAsync("other-boards", Today, Cancel));
        Assert.Empty(await Store(dataSource, "service-b").LoadAsync(Boards, Today, Cancel));

        await store.ForgetBeforeAsync(Boards, Today, Cancel);

        Assert.Empty(await store.LoadAsync(Boards, Yesterday, Cancel));
        Assert.Equal(3, (await store.LoadAsync(Boards, Today, Cancel)).Count);
    }

    private static PostgresScoreFactStore Store(NpgsqlDataSource dataSource, string serviceId) =>
        new(dataSource, Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test" }));

    private static ScoreFact Guide(string id, string name, DateOnly day, long sales, long orders) =>
        Fact(ScoreSubject.Guide, id, name, day, "team-puxi", sales, orders);

    private static ScoreFact Fact(ScoreSubject subject, string id, string name, DateOnly day, string? teamId, long sales, long orders) =>
        new(subject, id, name, day, "shanghai", teamId, sales, orders, NewMembers: 0, Commission: sales / 100, []);
}
