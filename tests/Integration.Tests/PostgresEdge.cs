using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Integration.Tests;

/// <summary>Edges whose silos keep state, cluster and reminders in one test database.</summary>
internal static class PostgresEdge
{
    public static EdgeApplication Start(PostgresTestDatabase database, string clusterId, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = database.ClusterSettings(clusterId);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = new EdgeApplication(settings);
        app.StartServer();
        return app;
    }
}
