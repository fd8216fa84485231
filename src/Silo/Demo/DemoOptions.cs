namespace PrivateDomain.Realtime.Silo.Demo;

/// <summary>Section <c>Demo</c>: whether a silo seeds the demo brand when its cluster is empty.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }
}
