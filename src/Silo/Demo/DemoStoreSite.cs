namespace PrivateDomain.Realtime.Silo.Demo;

/// <summary>A real shopping area where the demo brand has a store.</summary>
public sealed record DemoStoreSite(string Name, double Latitude, double Longitude, bool CanShip = true);
