namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>Names of the Orleans providers the silo registers, so grains and hosts agree on them.</summary>
public static class StorageNames
{
    /// <summary>Grain state: in memory in the embedded default, the ADO.NET provider on PostgreSQL otherwise.</summary>
    public const string GrainState = "store";

    /// <summary>The stream provider (memory streams, implicit subscriptions only).</summary>
    public const string Streams = "events";
}
