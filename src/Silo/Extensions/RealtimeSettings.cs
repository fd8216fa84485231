using System.Net;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace PrivateDomain.Realtime.Silo.Extensions;

/// <summary>
/// The settings that choose how the system is wired (embedded or cluster, memory or PostgreSQL). They are read
/// once, while the host is being built, because they decide which Orleans providers get registered at all; a
/// wrong value stops startup with a message that names the setting.
/// </summary>
public sealed record RealtimeSettings(
    OrleansMode Mode,
    StorageProvider Storage,
    ClusteringProvider Clustering,
    string ClusterId,
    string ServiceId,
    IPAddress AdvertisedAddress,
    int SiloPort,
    int GatewayPort,
    string? PostgresConnectionString,
    string? RedisConnectionString,
    Uri? OtlpEndpoint,
    bool ExportsTraces)
{
    public const string ModeKey = "Orleans:Mode";
    /// <summary>Where silos and clients meet. Not <c>Orleans:Clustering</c>: Orleans reads that section as its own provider's.</summary>
    public const string MembershipKey = "Orleans:Membership";
    private const string OrleansClusteringSection = "Orleans:Clustering";
    public const string ClusterIdKey = "Orleans:ClusterId";
    public const string ServiceIdKey = "Orleans:ServiceId";
    public const string AdvertisedAddressKey = "Orleans:AdvertisedIPAddress";
    public const string SiloPortKey = "Orleans:SiloPort";
    public const string GatewayPortKey = "Orleans:GatewayPort";
    public const string StorageProviderKey = "Storage:Provider";
    public const string PostgresConnectionStringKey = "ConnectionStrings:PostgreSQL";
    public const string RedisConnectionStringKey = "ConnectionStrings:Redis";

    /// <summary>The OpenTelemetry convention's name, so the exporter's own <c>OTEL_*</c> settings sit beside it.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string TracesKey = "Telemetry:Traces";

    /// <summary>True when grain state or clustering lives in PostgreSQL, so the silo needs the database at all.</summary>
    public bool UsesPostgres => Storage == StorageProvider.PostgreSQL || Clustering == ClusteringProvider.PostgreSQL;

    public static RealtimeSettings Read(IConfiguration configuration)
    {
        var mode = ReadEnum(configuration, ModeKey, OrleansMode.Embedded);
        var storage = ReadEnum(configuration, StorageProviderKey, StorageProvider.Memory);

        // A value there stops Orleans's own host builder with a message about a provider named 'Default'.
        if (Blank(configuration[OrleansClusteringSection]) is { } clusteringValue)
        {
            throw Invalid(OrleansClusteringSection, $"is Orleans's own provider section and cannot take a value; use {MembershipKey}={clusteringValue} (was '{clusteringValue}').");
        }

        // Membership follows storage unless set: a cluster that keeps its state in PostgreSQL also meets there.
        var clustering = ReadEnum(configuration, MembershipKey,
            storage == StorageProvider.PostgreSQL ? ClusteringProvider.PostgreSQL : ClusteringProvider.Localhost);

        var postgres = Blank(configuration[PostgresConnectionStringKey]);
        var redis = Blank(configuration[RedisConnectionStringKey]);
        if ((storage == StorageProvider.PostgreSQL || clustering == ClusteringProvider.PostgreSQL) && postgres is null)
        {
            throw Invalid(PostgresConnectionStringKey,
                $"is required when {StorageProviderKey} or {MembershipKey} is PostgreSQL (environment: ConnectionStrings__PostgreSQL).");
        }

        if (postgres is not null)
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(postgres);
            }
            catch (ArgumentException ex)
            {
                throw Invalid(PostgresConnectionStringKey, $"is not a valid PostgreSQL connection string: {ex.Message}");
            }
        }

        var otlpText = Blank(configuration[OtlpEndpointKey]);
        Uri? otlp = null;
        if (otlpText is not null && (!Uri.TryCreate(otlpText, UriKind.Absolute, out otlp) || otlp.Scheme is not ("http" or "https")))
        {
            throw Invalid(OtlpEndpointKey, $"must be an http or https address, e.g. http://otel-collector:4317 (was '{otlpText}').");
        }

        var tracesText = Blank(configuration[TracesKey]);
        var traces = false;
        if (tracesText is not null && !bool.TryParse(tracesText, out traces))
        {
            throw Invalid(TracesKey, $"must be true or false (was '{tracesText}').");
        }

        if (traces && otlp is null)
        {
            throw Invalid(TracesKey, $"needs {OtlpEndpointKey}: traces go nowhere else.");
        }

        var addressText = configuration[AdvertisedAddressKey] ?? IPAddress.Loopback.ToString();
        if (!IPAddress.TryParse(addressText, out var address))
        {
            throw Invalid(AdvertisedAddressKey, $"must be an IP address (was '{addressText}').");
        }

        return new RealtimeSettings(
            mode,
            storage,
            clustering,
            ReadId(configuration, ClusterIdKey, "privatedomain-dev"),
            ReadId(configuration, ServiceIdKey, "privatedomain-realtime"),
            address,
            ReadPort(configuration, SiloPortKey, 11111),
            ReadPort(configuration, GatewayPortKey, 30000),
            postgres,
            redis,
            otlp,
            traces);
    }

    private static T ReadEnum<T>(IConfiguration configuration, string key, T defaultValue)
        where T : struct, Enum
    {
        var text = Blank(configuration[key]);
        if (text is null)
        {
            return defaultValue;
        }

        if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _))
        {
            return value;
        }

        throw Invalid(key, $"must be one of {string.Join(", ", Enum.GetNames<T>())} (was '{text}').");
    }

    private static int ReadPort(IConfiguration configuration, string key, int defaultValue)
    {
        var text = Blank(configuration[key]);
        if (text is null)
        {
            return defaultValue;
        }

        return int.TryParse(text, out var port) && port is > 0 and <= 65535
            ? port
            : throw Invalid(key, $"must be a TCP port between 1 and 65535 (was '{text}').");
    }

    private static string ReadId(IConfiguration configuration, string key, string defaultValue)
    {
        var text = Blank(configuration[key]) ?? defaultValue;
        return text.Length <= 150 ? text : throw Invalid(key, "must be at most 150 characters.");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static InvalidOperationException Invalid(string key, string problem) =>
        new($"Invalid configuration: {key} {problem}");
}
