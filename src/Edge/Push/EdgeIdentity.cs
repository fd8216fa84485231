namespace PrivateDomain.Realtime.Edge.Push;

/// <summary>This Edge process's id in the cluster: how directories and rooms tell Edges apart (a restart is a new Edge).</summary>
public sealed class EdgeIdentity
{
    public string Id { get; } = $"{Environment.MachineName}/{Guid.NewGuid():N}";
}
