namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>
/// A hub method whose calls are worth a trace of their own (<see cref="HubCallTracing"/>): they move stock or money,
/// or a host makes them.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TracedAttribute : Attribute;
