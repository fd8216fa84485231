namespace PrivateDomain.Realtime.Silo.Extensions;

/// <summary>How the Edge reaches the grains.</summary>
public enum OrleansMode
{
    /// <summary>The Edge co-hosts a silo in its own process.</summary>
    Embedded,

    /// <summary>The Edge is an Orleans client of silos running elsewhere.</summary>
    Client,
}
