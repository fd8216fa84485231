namespace PrivateDomain.Realtime.TestSupport;

/// <summary>
/// The servers the integration tests need, found through the environment <c>./test.sh</c> exports. A test that
/// needs one and cannot find it fails with this message; it never skips.
/// </summary>
public static class TestServers
{
    public const string PostgresVariable = "TEST_POSTGRES_CONNECTION";
    public const string RedisVariable = "TEST_REDIS_CONNECTION";
    public const string ChromiumVariable = "CHROMIUM_PATH";

    public static string PostgresAdminConnection => Require(PostgresVariable, "PostgreSQL");

    public static string RedisConnection => Require(RedisVariable, "Redis");

    /// <summary>Debian's chromium binary, for browser tests (never a downloaded browser).</summary>
    public static string ChromiumPath => Require(ChromiumVariable, "Chromium");

    private static string Require(string variable, string server) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"This test needs {server}: set {variable} (./test.sh installs {server}, starts it if it is a server, and exports it).");
}
