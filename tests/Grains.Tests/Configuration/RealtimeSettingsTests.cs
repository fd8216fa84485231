using Microsoft.Extensions.Configuration;
using PrivateDomain.Realtime.Silo.Extensions;

namespace PrivateDomain.Realtime.Grains.Tests.Configuration;

public sealed class RealtimeSettingsTests
{
    [Fact]
    public void Read_WithNothingSet_IsTheEmbeddedInMemoryDefault()
    {
        var settings = Read();

        Assert.Equal(OrleansMode.Embedded, settings.Mode);
        Assert.Equal(StorageProvider.Memory, settings.Storage);
        Assert.Equal(ClusteringProvider.Localhost, settings.Clustering);
        Assert.False(settings.UsesPostgres);
        Assert.Null(settings.OtlpEndpoint);
    }

    [Fact]
    public void Read_PostgreSQLStorage_ClustersOnPostgreSQLToo()
    {
        var settings = Read(("Storage:Provider", "postgresql"), ("ConnectionStrings:PostgreSQL", "Host=127.0.0.1;Database=x"));

        Assert.Equal(StorageProvider.PostgreSQL, settings.Storage);
        Assert.Equal(ClusteringProvider.PostgreSQL, settings.Clustering);
    }

    [Fact]
    public void Read_PostgreSQLStorage_MayMeetOnLocalhost()
    {
        var settings = Read(("Storage:Provider", "PostgreSQL"), ("ConnectionStrings:PostgreSQL", "Host=127.0.0.1;Database=x"), ("Orleans:Membership", "Localhost"));

        Assert.Equal((StorageProvider.PostgreSQL, ClusteringProvider.Localhost), (settings.Storage, settings.Clustering));
    }

    [Theory]
    [InlineData("Storage:Provider", "Oracle")]
    [InlineData("Orleans:Mode", "Remote")]
    [InlineData("Orleans:Membership", "Zookeeper")]
    [InlineData("Orleans:Clustering", "Localhost")]
    [InlineData("Orleans:SiloPort", "70000")]
    [InlineData("Orleans:AdvertisedIPAddress", "not-an-ip")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "otel-collector:4317")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://collector")]
    [InlineData("Telemetry:Traces", "yes")]
    public void Read_WithAWrongValue_FailsNamingTheSetting(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read((key, value)));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TracesWithoutAnOtlpEndpoint_NamesTheEndpoint()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("Telemetry:Traces", "true")));

        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", error.Message, StringComparison.Ordinal);
        Assert.True(Read(("Telemetry:Traces", "true"), ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")).ExportsTraces);
    }

    [Fact]
    public void Read_PostgreSQLWithoutConnectionString_NamesTheConnectionString()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("Storage:Provider", "PostgreSQL")));

        Assert.Contains("ConnectionStrings:PostgreSQL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MalformedConnectionString_NamesTheConnectionString()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Read(("Storage:Provider", "PostgreSQL"), ("ConnectionStrings:PostgreSQL", "Nonsense Key=1")));

        Assert.Contains("ConnectionStrings:PostgreSQL", error.Message, StringComparison.Ordinal);
    }

    private static RealtimeSettings Read(params (string Key, string Value)[] values) =>
        RealtimeSettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());
}
