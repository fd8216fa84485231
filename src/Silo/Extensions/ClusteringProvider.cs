namespace PrivateDomain.Realtime.Silo.Extensions;

public enum ClusteringProvider
{
    /// <summary>One silo on this machine (development, the embedded default).</summary>
    Localhost,

    /// <summary>Silos find each other through the membership table in PostgreSQL.</summary>
    PostgreSQL,
}
