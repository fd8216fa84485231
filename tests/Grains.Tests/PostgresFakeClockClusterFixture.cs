using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests;

/// <summary>
/// The fake-clock cluster with its grain state, stock and sales ledgers, sale holds, customer lists, board facts and PK
/// points in PostgreSQL (a fresh database, dropped after), under the same injected faults: what a run proves in memory,
/// proved again on the storage production uses.
/// Needs the test server (<c>TEST_POSTGRES_CONNECTION</c>, which <c>./test.sh</c> exports); fails without it.
/// </summary>
public sealed class PostgresFakeClockClusterFixture : FakeClockClusterFixture
{
    private PostgresTestDatabase? _database;

    protected override async ValueTask<IReadOnlyDictionary<string, string?>> StorageSettingsAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        return _database.ClusterSettings("fake-clock");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresFakeClockClusterCollection : ICollectionFixture<PostgresFakeClockClusterFixture>
{
    public const string Name = "fake-clock-cluster-postgres";
}
