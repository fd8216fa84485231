namespace PrivateDomain.Realtime.Silo.Demo;

/// <summary>A demo region: a real city, its two branch teams, and the shopping areas where the brand has stores.</summary>
public sealed record DemoCity(string RegionId, string Name, string StorePrefix, IReadOnlyList<string> Teams, IReadOnlyList<DemoStoreSite> Sites);
